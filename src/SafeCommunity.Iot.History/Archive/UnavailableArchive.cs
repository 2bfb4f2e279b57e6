using SafeCommunity.Iot.History.Trails;

namespace SafeCommunity.Iot.History.Archive;

/// <summary>No InfluxDB to read from (none configured, telemetry off, or reading turned off): every read says why.</summary>
/// <param name="reason">Why there is nothing to read, naming the setting.</param>
public sealed class UnavailableArchive(string reason) : ITelemetryArchive
{
    /// <inheritdoc />
    public string Description => reason;

    /// <inheritdoc />
    public Task<ArchiveAnswer<HistoryPoint>> PositionsAsync(uint deviceId, DateTimeOffset from, DateTimeOffset before, int limit, CancellationToken cancellationToken) =>
        Task.FromResult(ArchiveAnswer.Failed<HistoryPoint>(reason));

    /// <inheritdoc />
    public Task<ArchiveAnswer<ReceptionSignal>> ReceptionsAsync(
        uint deviceId, IReadOnlyCollection<string> receiverIds, DateTimeOffset from, DateTimeOffset until, int limit, CancellationToken cancellationToken) =>
        Task.FromResult(ArchiveAnswer.Failed<ReceptionSignal>(reason));
}
