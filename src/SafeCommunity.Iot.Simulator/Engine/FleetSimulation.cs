using SafeCommunity.Iot.Core.Geodesy;
using SafeCommunity.Iot.Core.Registry;
using SafeCommunity.Iot.Protocol.Radio;
using SafeCommunity.Iot.Simulator.Fleet;
using SafeCommunity.Iot.Simulator.Scenarios;

namespace SafeCommunity.Iot.Simulator.Engine;

/// <summary>How the fleet behaves; every field has a demo default.</summary>
public sealed record SimulationSettings
{
    /// <summary>The default seed of the random numbers: the same seed plays the same day.</summary>
    public const int DefaultRandomSeed = 20240917;

    /// <summary>Seed of every random choice (homes, intervals, jitter, radio losses, ids in the JSON).</summary>
    public int RandomSeed { get; init; } = DefaultRandomSeed;

    /// <summary>
    /// Frame counters start a little above this (each device its own offset below 1000). The command line takes it
    /// from the clock, so a later run never looks like a replay to a gateway that kept its counters.
    /// </summary>
    public uint CounterBase { get; init; } = 1000;

    /// <summary>Shortest time between a device's routine frames (simulation time).</summary>
    public TimeSpan MinInterval { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Longest time between a device's routine frames (simulation time).</summary>
    public TimeSpan MaxInterval { get; init; } = TimeSpan.FromSeconds(40);

    /// <summary>The mobile receiver the simulation drives around (the patrol motorbike).</summary>
    public string PatrolReceiverId { get; init; } = "wufu-patrol-moto-1";

    /// <summary>How often the patrol's GNSS module reports a fix, besides one right before each reception.</summary>
    public TimeSpan PatrolFixInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// A counter base from the clock: 16 per second since 2025-01-01, so a run started later starts above what an
    /// earlier one can have reached unless it sent more than 16 frames a second per device.
    /// </summary>
    public static uint CounterBaseFromClock(DateTimeOffset now)
    {
        var seconds = (now - new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero)).TotalSeconds;
        return (uint)Math.Clamp(seconds * 16, 1000, uint.MaxValue - 100_000_000);
    }
}

/// <summary>A scenario's place in the run.</summary>
/// <param name="Scenario">The scenario.</param>
/// <param name="Start">When it starts (simulation time).</param>
/// <param name="End">When it is over.</param>
public sealed record ScenarioSlot(Scenario Scenario, TimeSpan Start, TimeSpan End);

/// <summary>
/// The demo fleet and its day: who is where, what each device sends next, who hears it. It knows no transport and no
/// wall clock: <see cref="AdvanceTo"/> runs simulation time forward and returns what happened (frames with their
/// receptions, the patrol's GNSS fixes, narration), so tests drive it directly and the runner paces it and hands the
/// events to the serial and MQTT transports. Deterministic for a given seed file and <see cref="SimulationSettings"/>.
/// </summary>
public sealed class FleetSimulation : IDisposable
{
    private readonly PriorityQueue<Action, (TimeSpan At, long Sequence)> _queue = new();
    private readonly List<SimulationEvent> _events = [];
    private readonly Dictionary<uint, SimulatedDevice> _byId = [];
    private readonly HashSet<uint> _claimed = [];
    private readonly SeedReceiver[] _baseStations;
    private readonly SeedReceiver[] _loRaWanGateways;
    private readonly List<ScenarioSlot> _plan = [];
    private long _sequence;
    private TimeSpan _lastPatrolFixAt = TimeSpan.MinValue;
    private bool _started;

    /// <summary>Places the seed deployment's devices and schedules their first frames.</summary>
    /// <exception cref="SeedFileException">The seed cannot be played (a community with devices but no placed receiver).</exception>
    public FleetSimulation(SeedDeployment seed, SimulationSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(seed);
        Seed = seed;
        Settings = settings ?? new SimulationSettings();
        if (Settings.MinInterval <= TimeSpan.Zero || Settings.MaxInterval < Settings.MinInterval)
        {
            throw new ArgumentException("The routine interval must be positive, its maximum at least its minimum.", nameof(settings));
        }

        Random = new Random(Settings.RandomSeed);
        Sites = CommunitySite.FromSeed(seed);
        _baseStations = [.. seed.Receivers.Where(r => r.Kind == ReceiverKind.FixedBaseStation && r.Position is not null)];
        _loRaWanGateways = [.. seed.Receivers.Where(r => r.Kind == ReceiverKind.LoRaWanGateway && r.Position is not null)];

        var devices = new List<SimulatedDevice>(seed.Devices.Count);
        foreach (var seedDevice in seed.Devices)
        {
            var device = new SimulatedDevice(seedDevice, Sites[seedDevice.CommunityId], Settings.CounterBase + (uint)Random.Next(1, 1000));
            PlaceAtHome(device);
            devices.Add(device);
            _byId[device.Id] = device;
        }

        Devices = devices;
        Patrol = seed.Receivers.FirstOrDefault(r => r.Id == Settings.PatrolReceiverId && r.Kind == ReceiverKind.Mobile);
        if (Patrol is not null && Sites.TryGetValue(Patrol.CommunityId, out var patrolSite))
        {
            PatrolTrack = new PatrolTrack(patrolSite.Centre, Random.NextDouble() * 2 * Math.PI);
            Schedule(TimeSpan.FromSeconds(0.1), PatrolFixTick);
        }

        var spread = (Settings.MinInterval + Settings.MaxInterval) / 2;
        foreach (var device in Devices)
        {
            // Spread the first frames over one interval so traffic starts at once and stays even.
            ScheduleRoutine(device, TimeSpan.FromSeconds(0.2) + (spread * Random.NextDouble()));
        }
    }

    /// <summary>The seed deployment played.</summary>
    public SeedDeployment Seed { get; }

    /// <summary>The settings.</summary>
    public SimulationSettings Settings { get; }

    /// <summary>Simulation time since the start.</summary>
    public TimeSpan Now { get; private set; }

    /// <summary>Every device, in seed file order.</summary>
    public IReadOnlyList<SimulatedDevice> Devices { get; }

    /// <summary>The communities by id.</summary>
    public IReadOnlyDictionary<string, CommunitySite> Sites { get; }

    /// <summary>The patrol motorbike's receiver, when the seed has the configured one.</summary>
    public SeedReceiver? Patrol { get; }

    /// <summary>Where the patrol motorbike rides.</summary>
    public PatrolTrack? PatrolTrack { get; }

    /// <summary>The scenarios planned, in order.</summary>
    public IReadOnlyList<ScenarioSlot> Plan => _plan;

    /// <summary>When the last planned scenario is over (zero when none is).</summary>
    public TimeSpan PlanEnd => _plan.Count == 0 ? TimeSpan.Zero : _plan[^1].End;

    /// <summary>Frames sent so far.</summary>
    public long FramesSent { get; private set; }

    /// <summary>When the next thing happens, or null when nothing is scheduled.</summary>
    public TimeSpan? NextDue => _queue.TryPeek(out _, out var priority) ? priority.At : null;

    internal Random Random { get; }

    /// <summary>The device with this id.</summary>
    /// <exception cref="KeyNotFoundException">No such device.</exception>
    public SimulatedDevice Device(uint id) => _byId[id];

    /// <summary>
    /// Plans <paramref name="scenarios"/> one after another from <paramref name="firstAt"/>, <paramref name="gap"/>
    /// apart. Each picks its devices now (so it can park a bike where its story needs it); call before the first
    /// <see cref="AdvanceTo"/>.
    /// </summary>
    public IReadOnlyList<ScenarioSlot> PlanScenarios(IEnumerable<Scenario> scenarios, TimeSpan firstAt, TimeSpan gap)
    {
        ArgumentNullException.ThrowIfNull(scenarios);
        if (_started)
        {
            throw new InvalidOperationException("Plan the scenarios before the simulation runs.");
        }

        var at = firstAt;
        foreach (var scenario in scenarios)
        {
            scenario.Prepare(this);
            var slot = new ScenarioSlot(scenario, at, at + scenario.Duration);
            _plan.Add(slot);
            Schedule(slot.Start, () =>
            {
                Say(scenario.Name, "▶ " + scenario.Summary);
                scenario.Start(this, slot.Start);
            });
            Schedule(slot.End, () => Say(scenario.Name, "■ done."));
            at = slot.End + gap;
        }

        if (_plan.Count > 0)
        {
            Schedule(PlanEnd + TimeSpan.FromSeconds(0.5), () => Say("fleet", "Every scenario has played; the normal day goes on."));
        }

        return _plan;
    }

    /// <summary>Runs simulation time forward to <paramref name="until"/> and returns what happened, in order.</summary>
    public IReadOnlyList<SimulationEvent> AdvanceTo(TimeSpan until)
    {
        _started = true;
        while (_queue.TryPeek(out _, out var priority) && priority.At <= until)
        {
            var action = _queue.Dequeue();
            if (priority.At > Now)
            {
                Now = priority.At;
            }

            action();
        }

        if (until > Now)
        {
            Now = until;
        }

        var happened = _events.ToArray();
        _events.Clear();
        return happened;
    }

    /// <summary>Runs simulation time forward by <paramref name="span"/>.</summary>
    public IReadOnlyList<SimulationEvent> RunFor(TimeSpan span) => AdvanceTo(Now + span);

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var device in Devices)
        {
            device.Dispose();
        }
    }

    /// <summary>Runs <paramref name="action"/> at simulation time <paramref name="at"/> (at once if that has passed).</summary>
    internal void Schedule(TimeSpan at, Action action) => _queue.Enqueue(action, (at < Now ? Now : at, _sequence++));

    /// <summary>A plain-words line from <paramref name="scenario"/>.</summary>
    internal void Say(string scenario, string text) => _events.Add(new Narration(Now, scenario, text));

    /// <summary>
    /// Picks a device no other scenario has picked: one of those matching <paramref name="match"/>, chosen with the
    /// simulation's random numbers; null when none is left.
    /// </summary>
    internal SimulatedDevice? Claim(Func<SimulatedDevice, bool> match)
    {
        var candidates = Devices.Where(d => !_claimed.Contains(d.Id) && match(d)).ToList();
        if (candidates.Count == 0)
        {
            return null;
        }

        var device = candidates[Random.Next(candidates.Count)];
        _claimed.Add(device.Id);
        return device;
    }

    /// <summary>Starts the device's routine frames again, the first after <paramref name="after"/>.</summary>
    internal void Resume(SimulatedDevice device, TimeSpan after)
    {
        device.RoutineGeneration++;
        ScheduleRoutine(device, Now + after);
    }

    /// <summary>Sends a beacon with the device's current flags.</summary>
    internal Transmission SendBeacon(SimulatedDevice device) =>
        Transmit(device, RadioFrame.Beacon(device.Id, device.NextCounter(), device.Flags, device.Battery));

    /// <summary>
    /// Sends a position report: a fresh GNSS fix of where the device is, or (indoors, when <paramref name="mayBeIndoors"/>
    /// and by chance) its last fix again with <c>gnss_fix_valid</c> clear and the fix's age.
    /// </summary>
    internal Transmission SendPositionReport(SimulatedDevice device, bool mayBeIndoors = false)
    {
        GeoFix fix;
        DeviceStatusFlags flags;
        if (mayBeIndoors && device.LastFix is { } last && Random.NextDouble() < 0.15)
        {
            var age = (Now - last.At).TotalSeconds;
            fix = last.Fix with { FixAgeSeconds = (byte)Math.Clamp(Math.Round(age), 0, 255) };
            flags = device.Flags & ~DeviceStatusFlags.GnssFixValid;
        }
        else
        {
            fix = TakeFix(device);
            flags = device.Flags | DeviceStatusFlags.GnssFixValid;
        }

        return Transmit(device, RadioFrame.PositionReport(device.Id, device.NextCounter(), flags, device.Battery, fix));
    }

    /// <summary>Sends an alarm event, with a fresh fix when <paramref name="withPosition"/> (wristbands).</summary>
    internal Transmission SendAlarm(SimulatedDevice device, AlarmEventCode code, bool withPosition)
    {
        GeoFix? fix = withPosition ? TakeFix(device) : null;
        var flags = withPosition ? device.Flags | DeviceStatusFlags.GnssFixValid : device.Flags;
        return Transmit(device, RadioFrame.AlarmEvent(device.Id, device.NextCounter(), flags, device.Battery, code, fix));
    }

    /// <summary>A random point within <paramref name="radius"/> metres of <paramref name="centre"/>, uniform over the disc.</summary>
    internal GeoPoint RandomPointNear(GeoPoint centre, double radius)
    {
        var distance = radius * Math.Sqrt(Random.NextDouble());
        var angle = Random.NextDouble() * 2 * Math.PI;
        return LocalGeodesy.Offset(centre, distance * Math.Cos(angle), distance * Math.Sin(angle));
    }

    private void PlaceAtHome(SimulatedDevice device)
    {
        var site = device.Site;
        if (device.IsWristband)
        {
            device.Home = RandomPointNear(site.Centre, 120);
            device.Battery = (byte)Random.Next(45, 101);
        }
        else
        {
            // Most bikes stand in the sheds by the gates and the square, where a base station hears them; the rest
            // stand by their owners' doors.
            if (site.BaseStations.Count > 0 && Random.NextDouble() < 0.7)
            {
                var station = site.BaseStations[Random.Next(site.BaseStations.Count)].Position!.Value;
                var (north, east) = LocalGeodesy.OffsetMetres(station, site.Centre);
                var towardCentre = Math.Atan2(east, north) + ((Random.NextDouble() - 0.5) * 2.4);
                var distance = 12 + (Random.NextDouble() * 43);
                device.Home = LocalGeodesy.Offset(station, distance * Math.Cos(towardCentre), distance * Math.Sin(towardCentre));
            }
            else
            {
                device.Home = RandomPointNear(site.Centre, 130);
            }

            device.Battery = (byte)Random.Next(55, 101);
            device.Flags = Random.NextDouble() < 0.85 ? DeviceStatusFlags.Armed : DeviceStatusFlags.None;
        }

        device.Position = device.Home;
    }

    private void ScheduleRoutine(SimulatedDevice device, TimeSpan at)
    {
        var generation = device.RoutineGeneration;
        Schedule(at, () => Routine(device, generation));
    }

    private void Routine(SimulatedDevice device, int generation)
    {
        if (generation != device.RoutineGeneration)
        {
            return;
        }

        if (!device.Silent)
        {
            if (device.IsWristband)
            {
                if (!device.Scripted)
                {
                    // Around the house and the courtyard.
                    device.Position = RandomPointNear(device.Home, 20);
                }

                SendPositionReport(device, mayBeIndoors: true);
            }
            else
            {
                SendBeacon(device);
            }
        }

        var span = Settings.MaxInterval - Settings.MinInterval;
        ScheduleRoutine(device, Now + Settings.MinInterval + (span * Random.NextDouble()));
    }

    private GeoFix TakeFix(SimulatedDevice device)
    {
        var point = LocalGeodesy.Offset(device.Position, RadioModel.Noise(Random, 3), RadioModel.Noise(Random, 3));
        var fix = GeoFix.FromDegrees(point.Latitude, point.Longitude, (byte)Random.Next(4, 13), (byte)Random.Next(1, 5));
        device.LastFix = (fix, Now - TimeSpan.FromSeconds(fix.FixAgeSeconds));
        return fix;
    }

    private Transmission Transmit(SimulatedDevice device, RadioFrame frame)
    {
        var bytes = RadioFrameWriter.ToArray(frame, device.Cmac);
        var heard = new List<HeardBy>();
        if (device.IsLoRaWan)
        {
            foreach (var gateway in _loRaWanGateways)
            {
                var distance = LocalGeodesy.DistanceMetres(device.Position, gateway.Position!.Value);
                if (RadioModel.Heard(distance, gateway.RangeMetres, Random))
                {
                    var (rssi, snr) = RadioModel.LoRa(distance, Random);
                    heard.Add(new HeardBy(gateway, rssi, snr, distance, null));
                }
            }
        }
        else
        {
            foreach (var station in _baseStations)
            {
                var distance = LocalGeodesy.DistanceMetres(device.Position, station.Position!.Value);
                if (RadioModel.Heard(distance, station.RangeMetres, Random))
                {
                    var (rssi, snr) = RadioModel.ShortRange(distance, Random);
                    heard.Add(new HeardBy(station, rssi, snr, distance, null));
                }
            }

            if (Patrol is not null && PatrolTrack is not null)
            {
                var patrolAt = PatrolTrack.PositionAt(Now);
                var distance = LocalGeodesy.DistanceMetres(device.Position, patrolAt);
                if (RadioModel.Heard(distance, Patrol.RangeMetres, Random))
                {
                    // The receiver relays a fresh fix before what it hears, so the gateway places the sighting.
                    if (Now - _lastPatrolFixAt > TimeSpan.FromSeconds(1))
                    {
                        EmitPatrolFix();
                    }

                    var (rssi, snr) = RadioModel.ShortRange(distance, Random);
                    heard.Add(new HeardBy(Patrol, rssi, snr, distance, patrolAt));
                }
            }
        }

        FramesSent++;
        var transmission = new Transmission(Now, device.Seed, bytes, frame, device.Position, heard);
        _events.Add(transmission);
        return transmission;
    }

    private void PatrolFixTick()
    {
        EmitPatrolFix();
        Schedule(Now + Settings.PatrolFixInterval, PatrolFixTick);
    }

    private void EmitPatrolFix()
    {
        var (speed, course) = PatrolTrack!.MotionAt(Now);
        _events.Add(new ReceiverFix(Now, Patrol!, PatrolTrack.PositionAt(Now), speed, course));
        _lastPatrolFixAt = Now;
    }
}
