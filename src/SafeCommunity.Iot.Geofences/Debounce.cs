namespace SafeCommunity.Iot.Geofences;

/// <summary>
/// How a fence turns classifications into a confirmed transition: the wrong side is confirmed after
/// <paramref name="ConfirmFixes"/> consecutive wrong-side fixes or <paramref name="ConfirmAfter"/> continuously on the
/// wrong side, whichever comes first; a fix is decided only when its accuracy circle is at least
/// <paramref name="HysteresisMetres"/> clear of the boundary.
/// </summary>
/// <param name="ConfirmFixes">Consecutive wrong-side fixes that confirm (≥ 1). Default 2.</param>
/// <param name="ConfirmAfter">Time on the wrong side that confirms (&gt; 0). Default 60 s.</param>
/// <param name="HysteresisMetres">Margin beyond the accuracy radius (≥ 0). Default 10 m.</param>
public readonly record struct DebounceSettings(int ConfirmFixes, TimeSpan ConfirmAfter, double HysteresisMetres)
{
    /// <summary>Largest accepted <see cref="ConfirmFixes"/>.</summary>
    public const int MaxConfirmFixes = 100;

    /// <summary>Largest accepted <see cref="HysteresisMetres"/>.</summary>
    public const double MaxHysteresisMetres = 1_000;

    /// <summary>Largest accepted <see cref="ConfirmAfter"/>: one day.</summary>
    public static readonly TimeSpan MaxConfirmAfter = TimeSpan.FromDays(1);

    /// <summary>DESIGN.md's defaults: 2 fixes, 60 s, 10 m.</summary>
    public static DebounceSettings Default { get; } = new(2, TimeSpan.FromSeconds(60), 10);

    /// <summary>These settings with the members that <paramref name="overrides"/> sets replaced.</summary>
    public DebounceSettings With(DebounceOverrides? overrides) => overrides is null
        ? this
        : new DebounceSettings(
            overrides.ConfirmFixes ?? ConfirmFixes,
            overrides.ConfirmAfter ?? ConfirmAfter,
            overrides.HysteresisMetres ?? HysteresisMetres);

    /// <summary>Whether every member is in its accepted range.</summary>
    public bool IsValid =>
        ConfirmFixes is >= 1 and <= MaxConfirmFixes &&
        ConfirmAfter > TimeSpan.Zero && ConfirmAfter <= MaxConfirmAfter &&
        double.IsFinite(HysteresisMetres) && HysteresisMetres is >= 0 and <= MaxHysteresisMetres;
}

/// <summary>A fence's own debounce settings; each <c>null</c> member takes the default.</summary>
public sealed record DebounceOverrides
{
    /// <summary>Consecutive wrong-side fixes that confirm (1..100).</summary>
    public int? ConfirmFixes { get; init; }

    /// <summary>Time on the wrong side that confirms (1 s..1 day; files give whole seconds).</summary>
    public TimeSpan? ConfirmAfter { get; init; }

    /// <summary>Margin beyond the accuracy radius, in metres (0..1,000).</summary>
    public double? HysteresisMetres { get; init; }
}
