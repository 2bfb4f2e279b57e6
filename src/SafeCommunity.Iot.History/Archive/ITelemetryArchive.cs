using SafeCommunity.Iot.History.Trails;

namespace SafeCommunity.Iot.History.Archive;

/// <summary>
/// Reads back what the telemetry writer stored in InfluxDB (docs/telemetry-schema.md). A read that fails answers with
/// the reason instead of throwing: the caller goes on with what the embedded store has.
/// </summary>
public interface ITelemetryArchive
{
    /// <summary>Where it reads from, for messages (the server's address, or why there is none); never a credential.</summary>
    string Description { get; }

    /// <summary>
    /// A device's <c>position</c> points with <paramref name="from"/> ≤ time &lt; <paramref name="before"/>: the newest
    /// <paramref name="limit"/>, oldest first.
    /// </summary>
    Task<ArchiveAnswer<HistoryPoint>> PositionsAsync(uint deviceId, DateTimeOffset from, DateTimeOffset before, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// The <c>reception</c> points of a device by the receivers <paramref name="receiverIds"/> with
    /// <paramref name="from"/> ≤ time ≤ <paramref name="until"/>, oldest first, at most <paramref name="limit"/> per receiver.
    /// </summary>
    Task<ArchiveAnswer<ReceptionSignal>> ReceptionsAsync(
        uint deviceId, IReadOnlyCollection<string> receiverIds, DateTimeOffset from, DateTimeOffset until, int limit, CancellationToken cancellationToken);
}
