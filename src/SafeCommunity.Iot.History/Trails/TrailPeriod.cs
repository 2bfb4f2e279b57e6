namespace SafeCommunity.Iot.History.Trails;

/// <summary>The bounds every trail and case-file period is held to (docs/history.md, "Bounds").</summary>
public static class TrailPeriod
{
    /// <summary>The longest period one call reads: a quarter of a year.</summary>
    public static readonly TimeSpan MaxLength = TimeSpan.FromDays(92);

    /// <summary>How far past now a period may end (clocks of the caller and the gateway differ a little).</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>The most trail points one answer carries (the newest are kept).</summary>
    public const int MaxPoints = 10_000;

    /// <summary>Why <paramref name="from"/>..<paramref name="until"/> is not a period one call reads, or null when it is.</summary>
    public static string? Problem(DateTimeOffset from, DateTimeOffset until, DateTimeOffset now)
    {
        if (until <= from)
        {
            return FormattableString.Invariant($"the period is reversed or empty: from {from:O} is not before until {until:O}.");
        }

        if (until - from > MaxLength)
        {
            return FormattableString.Invariant(
                $"the period of {(until - from).TotalDays:0.#} days is longer than the {MaxLength.TotalDays:0} days one call reads; ask for it in parts.");
        }

        return from > now + ClockSkew
            ? FormattableString.Invariant($"the period starts in the future ({from:O}).")
            : null;
    }
}
