using System.Globalization;
using SafeCommunity.Iot.Simulator.Engine;
using SafeCommunity.Iot.Simulator.Scenarios;

namespace SafeCommunity.Iot.Simulator.Cli;

/// <summary>A serial receiver the simulator plays on a port: which receiver, and the path of its end of the line.</summary>
/// <param name="ReceiverId">The receiver's registry id.</param>
/// <param name="Path">The pseudo-terminal (or serial device) to write to.</param>
public sealed record SerialBinding(string ReceiverId, string Path);

/// <summary>What the command line asked for.</summary>
public sealed record SimulatorOptions
{
    /// <summary>The base station a bare <c>--serial PATH</c> plays.</summary>
    public const string DefaultBaseStation = "wufu-gate-north";

    /// <summary>The patrol receiver a bare <c>--patrol-serial PATH</c> plays.</summary>
    public const string DefaultPatrol = "wufu-patrol-moto-1";

    /// <summary>The registry import file to play.</summary>
    public string SeedFile { get; init; } = "";

    /// <summary>Base stations on serial ports.</summary>
    public IReadOnlyList<SerialBinding> BaseStations { get; init; } = [];

    /// <summary>The patrol motorbike's receiver on a serial port, if any.</summary>
    public SerialBinding? Patrol { get; init; }

    /// <summary>Whether to publish LoRaWAN uplinks.</summary>
    public bool Mqtt { get; init; } = true;

    /// <summary>The MQTT broker's host.</summary>
    public string MqttHost { get; init; } = "127.0.0.1";

    /// <summary>The MQTT broker's port.</summary>
    public int MqttPort { get; init; } = 1883;

    /// <summary>Scenario names (or <c>all</c>).</summary>
    public IReadOnlyList<string> Scenarios { get; init; } = [ScenarioCatalog.All];

    /// <summary>How much faster than the default pace the fleet runs (2 = twice the frames per second).</summary>
    public double Speed { get; init; } = 1.0;

    /// <summary>Wall time to run; null = until Ctrl+C.</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>Seed of the random numbers.</summary>
    public int RandomSeed { get; init; } = SimulationSettings.DefaultRandomSeed;

    /// <summary>Frame counters start above this; null = from the clock.</summary>
    public uint? CounterBase { get; init; }

    /// <summary>Print every frame.</summary>
    public bool Verbose { get; init; }

    /// <summary>Print the usage and stop.</summary>
    public bool Help { get; init; }

    /// <summary>The patrol receiver the simulation drives (the one on <see cref="Patrol"/>, else the default).</summary>
    public string PatrolReceiverId => Patrol?.ReceiverId ?? DefaultPatrol;

    /// <summary>The usage text.</summary>
    public static string Usage { get; } = string.Create(CultureInfo.InvariantCulture, $"""
        safecomm-simulator — plays the seed deployment's chips and wristbands into a SafeCommunity gateway with real,
        signed frames: a serial base station (and a patrol motorbike's receiver) on pseudo-terminals, LoRaWAN devices
        as ChirpStack v4 uplinks over MQTT.

        Usage:
          safecomm-simulator --seed-file <path> --serial <pty path> [--patrol-serial <pty path>]
                             [--mqtt-host 127.0.0.1 --mqtt-port 1883 | --no-mqtt]
                             [--scenario all|{string.Join('|', ScenarioCatalog.Names)}[,...]]
                             [--speed 1.0] [--duration 00:10:00] [--random-seed N] [--counter-base N] [--verbose]

        Options:
          --seed-file <path>        registry import file, e.g. src/SafeCommunity.Iot.Gateway/Seed/anlong-county.json
          --serial [id=]<path>      a base station on the simulator's end of a pty pair (repeatable); a bare path
                                    plays {DefaultBaseStation}, name others: --serial wufu-gate-south=/tmp/x/sim-south
          --patrol-serial [id=]<path>
                                    the patrol motorbike's receiver (default {DefaultPatrol}): GNSS sentences and what it hears
          --mqtt-host <host>        MQTT broker for the LoRaWAN uplinks (default 127.0.0.1: the gateway's embedded broker)
          --mqtt-port <port>        default 1883
          --no-mqtt                 send no LoRaWAN uplinks
          --scenario <names>        all (default: {string.Join(", ", ScenarioCatalog.Names)} one after another), or
                                    some of them, comma-separated; the normal day runs around them either way
          --speed <factor>          1.0 = one frame per device every 20-40 s; 5 = five times as many (0.01..1000)
          --duration <time>         stop after this much wall time (00:10:00, 90s, 5m); default: until Ctrl+C
          --random-seed <n>         the same seed plays the same day (default {SimulationSettings.DefaultRandomSeed})
          --counter-base <n>        frame counters start just above n (default: from the clock, so a later run is
                                    never taken for a replay)
          --verbose                 print every frame and who heard it
          --help                    this text

        Make a pty pair with:  socat -d -d pty,raw,echo=0,link=/tmp/sc/gw-base pty,raw,echo=0,link=/tmp/sc/sim-base
        (the gateway reads /tmp/sc/gw-base as Receivers:Serial:Ports:0:Path, the simulator writes /tmp/sc/sim-base).
        """);
}
