using SafeCommunity.Iot.Protocol.Radio;
using SafeCommunity.Iot.Simulator.Engine;
using SafeCommunity.Iot.Simulator.Fleet;
using SafeCommunity.Iot.Simulator.Scenarios;

namespace SafeCommunity.Iot.Simulator.Tests.Support;

/// <summary>The seed deployment and simulations of it, for tests.</summary>
internal static class TestFleet
{
    private static readonly Lazy<SeedDeployment> LazySeed = new(() => SeedDeployment.Load(SeedPath));

    /// <summary>The seed file, copied next to the tests from src/SafeCommunity.Iot.Gateway/Seed.</summary>
    public static string SeedPath => Path.Combine(AppContext.BaseDirectory, "Seed", "anlong-county.json");

    public static SeedDeployment Seed => LazySeed.Value;

    public static SimulationSettings Settings(int seed = 7) => new() { RandomSeed = seed, CounterBase = 5000 };

    /// <summary>A simulation with <paramref name="scenarios"/> planned from 3 s, 4 s apart.</summary>
    public static FleetSimulation Create(IEnumerable<Scenario>? scenarios = null, int seed = 7)
    {
        var fleet = new FleetSimulation(Seed, Settings(seed));
        fleet.PlanScenarios(scenarios ?? [], TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(4));
        return fleet;
    }

    /// <summary>Runs until every planned scenario is over, plus <paramref name="extra"/>.</summary>
    public static List<SimulationEvent> RunPlan(FleetSimulation fleet, TimeSpan? extra = null) =>
        [.. fleet.AdvanceTo(fleet.PlanEnd + (extra ?? TimeSpan.FromSeconds(30)))];

    public static IEnumerable<Transmission> FramesOf(this IEnumerable<SimulationEvent> events, uint deviceId) =>
        events.OfType<Transmission>().Where(t => t.Device.Id == deviceId);

    public static bool Has(this RadioFrame frame, DeviceStatusFlags flag) => (frame.Flags & flag) == flag;
}
