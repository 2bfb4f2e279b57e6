namespace SafeCommunity.Iot.Core.Registry;

/// <summary>An owner's report that a bike was stolen; active until the bike is recovered.</summary>
public sealed record TheftReport
{
    /// <summary>Its id on this gateway.</summary>
    public required long Id { get; init; }

    /// <summary>The chip on the stolen bike.</summary>
    public required uint DeviceId { get; init; }

    /// <summary>The police report number.</summary>
    public required string PoliceReportNumber { get; init; }

    /// <summary>When the bike was stolen (as the owner says).</summary>
    public required DateTimeOffset StolenAt { get; init; }

    /// <summary>Where it was last seen, in the owner's words.</summary>
    public string? LastSeenPlace { get; init; }

    /// <summary>What the bike looks like, anything that helps.</summary>
    public string? Description { get; init; }

    /// <summary>Who reported it (the token's name).</summary>
    public required string ReportedBy { get; init; }

    /// <summary>When it was reported.</summary>
    public required DateTimeOffset ReportedAt { get; init; }

    /// <summary>When it was recovered; null while the bike is missing.</summary>
    public DateTimeOffset? RecoveredAt { get; init; }

    /// <summary>Whether the bike is still missing.</summary>
    public bool IsActive => RecoveredAt is null;
}
