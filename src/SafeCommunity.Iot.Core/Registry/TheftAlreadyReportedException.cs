namespace SafeCommunity.Iot.Core.Registry;

/// <summary>
/// The store refused a new theft report because the bike already has an open one (its unique index on open reports):
/// the last guard when two writers raced past every check above it.
/// </summary>
public sealed class TheftAlreadyReportedException : Exception
{
    /// <summary>Creates the exception for <paramref name="deviceId"/>.</summary>
    public TheftAlreadyReportedException(uint deviceId, Exception? innerException = null)
        : base(FormattableString.Invariant($"Bike {deviceId} already has an open theft report."), innerException) => DeviceId = deviceId;

    /// <summary>The bike.</summary>
    public uint DeviceId { get; }
}
