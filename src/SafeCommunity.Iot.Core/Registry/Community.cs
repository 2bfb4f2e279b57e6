namespace SafeCommunity.Iot.Core.Registry;

/// <summary>A relocation community with its police room.</summary>
public sealed record Community
{
    /// <summary>The time zone used when none is given.</summary>
    public const string DefaultTimeZone = "Asia/Shanghai";

    /// <summary>Its id ("wufu").</summary>
    public required string Id { get; init; }

    /// <summary>Its name ("五福社区 Wufu").</summary>
    public required string Name { get; init; }

    /// <summary>IANA time zone for schedules and reports.</summary>
    public string TimeZoneId { get; init; } = DefaultTimeZone;

    /// <summary>The police room responsible for it.</summary>
    public required string PoliceRoom { get; init; }

    /// <summary>
    /// The zone of <paramref name="community"/>'s <see cref="TimeZoneId"/> (of <see cref="DefaultTimeZone"/> when there is
    /// no community); UTC on a machine that does not know it (the registry import checks that it does).
    /// </summary>
    public static TimeZoneInfo ZoneOf(Community? community) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(community?.TimeZoneId ?? DefaultTimeZone, out var zone) ? zone : TimeZoneInfo.Utc;
}
