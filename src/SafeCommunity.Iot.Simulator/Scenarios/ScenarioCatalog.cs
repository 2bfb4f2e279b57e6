namespace SafeCommunity.Iot.Simulator.Scenarios;

/// <summary>The scenarios by name, in the order <c>all</c> plays them.</summary>
public static class ScenarioCatalog
{
    /// <summary>The name that plays every scenario one after another.</summary>
    public const string All = "all";

    private static readonly (string Name, Func<Scenario> Create)[] Entries =
    [
        ("normal", static () => new NormalDayScenario()),
        ("stolen-bike", static () => new StolenBikeScenario()),
        ("elder-wandering", static () => new ElderWanderingScenario()),
        ("sos", static () => new SosScenario()),
        ("wristband-removed", static () => new WristbandRemovedScenario()),
        ("chip-silent", static () => new ChipSilentScenario()),
    ];

    /// <summary>Every scenario name, in play order.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. Entries.Select(e => e.Name)];

    /// <summary>
    /// The scenarios named in <paramref name="names"/> (each a scenario name or <c>all</c>), in the order given,
    /// each once; or the first unknown name.
    /// </summary>
    public static bool TryCreate(IEnumerable<string> names, out IReadOnlyList<Scenario> scenarios, out string? unknown)
    {
        ArgumentNullException.ThrowIfNull(names);
        var chosen = new List<string>();
        foreach (var name in names)
        {
            if (string.Equals(name, All, StringComparison.Ordinal))
            {
                chosen.AddRange(Names);
            }
            else if (Names.Contains(name, StringComparer.Ordinal))
            {
                chosen.Add(name);
            }
            else
            {
                scenarios = [];
                unknown = name;
                return false;
            }
        }

        scenarios = [.. chosen.Distinct(StringComparer.Ordinal).Select(n => Entries.First(e => e.Name == n).Create())];
        unknown = null;
        return true;
    }
}
