using System.Globalization;
using SafeCommunity.Iot.Simulator.Scenarios;

namespace SafeCommunity.Iot.Simulator.Cli;

/// <summary>
/// Parses the simulator's command line by hand (a dozen options do not need a framework): <c>--name value</c> or
/// <c>--name=value</c>. Every mistake comes back as one plain sentence naming the option.
/// </summary>
public static class CommandLine
{
    private static readonly string[] Flags = ["--no-mqtt", "--verbose", "--help", "-h"];

    /// <summary>Parses <paramref name="args"/>; false with <paramref name="error"/> on the first mistake.</summary>
    public static bool TryParse(IReadOnlyList<string> args, out SimulatorOptions options, out string? error)
    {
        ArgumentNullException.ThrowIfNull(args);
        options = new SimulatorOptions();
        var baseStations = new List<SerialBinding>();
        for (var i = 0; i < args.Count; i++)
        {
            var argument = args[i];
            if (!argument.StartsWith('-'))
            {
                return Fail(out error, $"unexpected argument '{argument}': options start with --");
            }

            string name;
            string? value = null;
            var equals = argument.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                name = argument[..equals];
                value = argument[(equals + 1)..];
            }
            else
            {
                name = argument;
            }

            if (Flags.Contains(name, StringComparer.Ordinal))
            {
                if (value is not null)
                {
                    return Fail(out error, $"{name} takes no value");
                }

                options = name switch
                {
                    "--no-mqtt" => options with { Mqtt = false },
                    "--verbose" => options with { Verbose = true },
                    _ => options with { Help = true },
                };
                continue;
            }

            if (value is null)
            {
                if (i + 1 >= args.Count || (args[i + 1].StartsWith("--", StringComparison.Ordinal) && args[i + 1].Length > 2))
                {
                    return Known(name) ? Fail(out error, $"{name} needs a value") : Unknown(out error, name);
                }

                value = args[++i];
            }

            switch (name)
            {
                case "--seed-file":
                    if (value.Length == 0)
                    {
                        return Fail(out error, "--seed-file needs a path");
                    }

                    options = options with { SeedFile = value };
                    break;
                case "--serial":
                    if (!TryBinding(value, SimulatorOptions.DefaultBaseStation, baseStations.Count == 0, "--serial", out var station, out error))
                    {
                        return false;
                    }

                    if (baseStations.Any(b => b.ReceiverId == station.ReceiverId || b.Path == station.Path))
                    {
                        return Fail(out error, $"--serial names receiver '{station.ReceiverId}' or path '{station.Path}' twice");
                    }

                    baseStations.Add(station);
                    break;
                case "--patrol-serial":
                    if (options.Patrol is not null)
                    {
                        return Fail(out error, "--patrol-serial is given twice (the simulator drives one patrol motorbike)");
                    }

                    if (!TryBinding(value, SimulatorOptions.DefaultPatrol, true, "--patrol-serial", out var patrol, out error))
                    {
                        return false;
                    }

                    options = options with { Patrol = patrol };
                    break;
                case "--mqtt-host":
                    if (string.IsNullOrWhiteSpace(value) || value.Contains(' ', StringComparison.Ordinal))
                    {
                        return Fail(out error, $"--mqtt-host '{value}' is not a host name or address");
                    }

                    options = options with { MqttHost = value };
                    break;
                case "--mqtt-port":
                    if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
                    {
                        return Fail(out error, $"--mqtt-port '{value}' is not a port number (1..65535)");
                    }

                    options = options with { MqttPort = port };
                    break;
                case "--scenario":
                    var names = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                    string? unknown = value;
                    if (names.Length == 0 || !ScenarioCatalog.TryCreate(names, out _, out unknown))
                    {
                        return Fail(out error, $"--scenario '{unknown}' is not a scenario; choose {ScenarioCatalog.All} or some of {string.Join(", ", ScenarioCatalog.Names)}");
                    }

                    options = options with { Scenarios = names };
                    break;
                case "--speed":
                    if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var speed) || !double.IsFinite(speed) || speed is < 0.01 or > 1000)
                    {
                        return Fail(out error, $"--speed '{value}' is not a factor between 0.01 and 1000 (1.0 = one frame per device every 20-40 s)");
                    }

                    options = options with { Speed = speed };
                    break;
                case "--duration":
                    if (!TryDuration(value, out var duration))
                    {
                        return Fail(out error, $"--duration '{value}' is not a positive time such as 00:10:00, 90s, 5m or 1h");
                    }

                    options = options with { Duration = duration };
                    break;
                case "--random-seed":
                    if (!int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seed))
                    {
                        return Fail(out error, $"--random-seed '{value}' is not a whole number");
                    }

                    options = options with { RandomSeed = seed };
                    break;
                case "--counter-base":
                    if (!uint.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var counterBase) || counterBase > uint.MaxValue - 100_000_000)
                    {
                        return Fail(out error, $"--counter-base '{value}' is not a whole number from 0 to {uint.MaxValue - 100_000_000}");
                    }

                    options = options with { CounterBase = counterBase };
                    break;
                default:
                    return Unknown(out error, name);
            }
        }

        options = options with { BaseStations = baseStations };
        if (options.Help)
        {
            error = null;
            return true;
        }

        if (options.SeedFile.Length == 0)
        {
            return Fail(out error, "--seed-file is required (the registry import file the gateway imported, e.g. src/SafeCommunity.Iot.Gateway/Seed/anlong-county.json)");
        }

        if (!options.Mqtt && baseStations.Count == 0 && options.Patrol is null)
        {
            return Fail(out error, "nothing to send to: give --serial or --patrol-serial, or leave MQTT on (drop --no-mqtt)");
        }

        if (options.Patrol is { } p && baseStations.Any(b => b.Path == p.Path))
        {
            return Fail(out error, $"--patrol-serial uses the same path as a --serial base station ({p.Path}); each receiver needs its own pty pair");
        }

        error = null;
        return true;
    }

    /// <summary>Parses a duration: a TimeSpan (<c>00:10:00</c>) or a number with s, m or h.</summary>
    public static bool TryDuration(string text, out TimeSpan duration)
    {
        ArgumentNullException.ThrowIfNull(text);
        duration = default;
        text = text.Trim();
        if (text.Length == 0)
        {
            return false;
        }

        if (text.Contains(':', StringComparison.Ordinal))
        {
            return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out duration) && duration > TimeSpan.Zero;
        }

        var unit = char.ToLowerInvariant(text[^1]);
        var multiplier = unit switch
        {
            's' => 1.0,
            'm' => 60.0,
            'h' => 3600.0,
            _ => 0,
        };
        var number = multiplier == 0 ? text : text[..^1];
        if (multiplier == 0)
        {
            multiplier = 1;
        }

        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value) || value <= 0 || value * multiplier > TimeSpan.MaxValue.TotalSeconds / 2)
        {
            return false;
        }

        duration = TimeSpan.FromSeconds(value * multiplier);
        return true;
    }

    private static bool TryBinding(string value, string defaultId, bool mayDefault, string option, out SerialBinding binding, out string? error)
    {
        binding = new SerialBinding(defaultId, value);
        var equals = value.IndexOf('=', StringComparison.Ordinal);
        if (equals > 0 && !value[..equals].Contains('/', StringComparison.Ordinal))
        {
            binding = new SerialBinding(value[..equals], value[(equals + 1)..]);
        }
        else if (!mayDefault)
        {
            error = $"{option} '{value}': name the receiver of a second base station, e.g. {option} wufu-gate-south={value}";
            return false;
        }

        if (binding.Path.Length == 0)
        {
            error = $"{option} '{value}' has no path";
            return false;
        }

        error = null;
        return true;
    }

    private static bool Known(string name) => name is "--seed-file" or "--serial" or "--patrol-serial" or "--mqtt-host" or "--mqtt-port" or
        "--scenario" or "--speed" or "--duration" or "--random-seed" or "--counter-base";

    private static bool Unknown(out string? error, string name) =>
        Fail(out error, $"unknown option '{name}' (see --help)");

    private static bool Fail(out string? error, string message)
    {
        error = message;
        return false;
    }
}
