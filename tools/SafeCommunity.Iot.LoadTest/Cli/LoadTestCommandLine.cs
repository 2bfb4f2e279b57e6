using System.CommandLine;
using System.Globalization;
using System.Numerics;
using SafeCommunity.Iot.Simulator.Cli;

namespace SafeCommunity.Iot.LoadTest.Cli;

/// <summary>
/// The tool's command line. Every bad value is one line that names the option and says what would be right; the
/// options that only make sense together (attaching to a running gateway) are checked together.
/// </summary>
internal static class LoadTestCommandLine
{
    private static readonly Option<int> Devices = Number<int>("--devices", "Generated devices enrolled in the gateway (1..1,000,000; default 1000)", 1, 1_000_000);
    private static readonly Option<double> Rate = Number<double>("--rate", "ChirpStack uplinks per second over MQTT (0..1,000,000; default 1000)", 0, 1_000_000);
    private static readonly Option<TimeSpan> Duration = Span("--duration", "How long frames are sent: 90s, 5m, 1h or 00:05:00 (default 30s)");
    private static readonly Option<double> AlarmShare = Number<double>("--alarm-share", "Share of MQTT frames that are SOS alarm events from wristbands (0..1; default 0.001)", 0, 1);
    private static readonly Option<int> MqttConnections = Number<int>("--mqtt-connections", "Concurrent MQTT publisher connections for routine frames (1..64); SOS frames get one more of their own (default 8)", 1, 64);
    private static readonly Option<BrokerKind> Broker = new("--broker")
    {
        Description = "mosquitto: a Mosquitto broker of the tool's own; embedded: the gateway's embedded MQTTnet broker (default mosquitto)",
        HelpName = "mosquitto|embedded",
        CustomParser = r =>
        {
            var text = r.Tokens.Count == 0 ? string.Empty : r.Tokens[^1].Value;
            if (Enum.TryParse<BrokerKind>(text, ignoreCase: true, out var kind) && !text.Any(char.IsDigit))
            {
                return kind;
            }

            r.AddError($"--broker '{text}' is not mosquitto or embedded");
            return BrokerKind.Mosquitto;
        },
    };

    private static readonly Option<int> SerialPorts = Number<int>("--serial-ports", "Serial receivers on socat pseudo-terminal pairs (0..12, base stations of the seed; default 2)", 0, 12);
    private static readonly Option<double> SerialRate = Number<double>("--serial-rate", "Link records per second written to each serial port (0..2000; default 50)", 0, 2000);
    private static readonly Option<double> LocateRate = Number<double>("--locate-rate", "Locate calls (10 min trail, audited) per second through the gRPC API while sending, as police rooms' boards poll (0..1000; default 0)", 0, 1000);
    private static readonly Option<TimeSpan> Interval = Span("--interval", "Length of one throughput interval in the report (default 10s)");
    private static readonly Option<TimeSpan> DrainTimeout = Span("--drain-timeout", "How long to wait after sending for the gateway to catch up (default 60s)");
    private static readonly Option<int> Nice = Number<int>("--nice", "Once the gateway and the broker run, lower the tool's own priority to this Linux nice value so they come first on a shared machine (0..19; default 0)", 0, 19);
    private static readonly Option<int> PrebuildLimit = Number<int>("--prebuild-limit", "Most frames built before timing starts; the rest are built during the run (1000..50,000,000; default 2,000,000)", 1000, 50_000_000);
    private static readonly Option<string> GatewayDll = Text("--gateway-dll", "The gateway's built dll (default: src/SafeCommunity.Iot.Gateway/bin/Release/net10.0/safecomm-gateway.dll)", "PATH");
    private static readonly Option<string> SeedFile = Text("--seed-file", "Registry file whose communities and receivers are enrolled (default: the seed deployment)", "PATH");
    private static readonly Option<string> WorkDirectory = Text("--work-dir", "Folder for data directories, logs and the broker (default: a new temporary folder)", "PATH");
    private static readonly Option<bool> Keep = new("--keep") { Description = "Keep the work folder (gateway logs, data directories) afterwards" };
    private static readonly Option<bool> NoBaseline = new("--no-baseline") { Description = "Skip the empty gateway that memory per device is measured against" };
    private static readonly Option<string> ReportFile = Text("--report", "Also write the report as JSON to this file", "FILE");
    private static readonly Option<string[]> GatewayArguments = new("--gateway-arg")
    {
        Description = "A setting passed to the gateway as it is, e.g. --gateway-arg=--Ingestion:Shards=2 (repeatable)",
        HelpName = "SETTING",
        AllowMultipleArgumentsPerToken = false,
    };

    private static readonly Option<Uri> GatewayUrl = Address("--gateway-url", "Attach to a running gateway: its Http endpoint (health, metrics)");
    private static readonly Option<Uri> GrpcUrl = Address("--grpc-url", "Attach: the gateway's gRPC endpoint");
    private static readonly Option<string> TokenFile = Text("--token-file", "Attach: a file holding an administrator token", "PATH");
    private static readonly Option<string> Mqtt = Text("--mqtt", "Attach: the broker the gateway's LoRaWAN receiver reads", "HOST:PORT");
    private static readonly Option<string> AlarmTopic = Text("--alarm-topic", "Attach: watch alarms as JSON messages ({\"kind\":\"sos\",\"device\":N}) on this MQTT topic filter of --mqtt instead of the gRPC stream, for a consumer that is not the gateway (bench/node-red); replaces --grpc-url and --token-file", "FILTER");
    private static readonly Option<int> GatewayPid = Number<int>("--gateway-pid", "Attach: the gateway's process id, for CPU and memory", 1, int.MaxValue);
    private static readonly Option<Uri[]> PeerUrls = new("--peer-url")
    {
        Description = "Attach: the Http endpoint of another gateway on the same store and broker (repeatable); its counters are added to the first gateway's, so frames/s and the drain cover them all (docs/scale-out.md)",
        HelpName = "URL",
        AllowMultipleArgumentsPerToken = false,
        CustomParser = r =>
        {
            var urls = new Uri[r.Tokens.Count];
            for (var i = 0; i < urls.Length; i++)
            {
                if (!Uri.TryCreate(r.Tokens[i].Value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
                {
                    r.AddError($"--peer-url '{r.Tokens[i].Value}' is not an http:// or https:// address");
                    return [];
                }

                urls[i] = uri;
            }

            return urls;
        },
    };

    private static readonly Option<int[]> PeerPids = new("--peer-pid")
    {
        Description = "Attach: the process id of a --peer-url gateway (repeatable), for CPU and memory",
        HelpName = "PID",
        AllowMultipleArgumentsPerToken = false,
    };
    private static readonly Option<string> WriteImport = Text("--write-import", "Write the registry import file of the generated devices here and stop", "FILE");

    /// <summary>Parses <paramref name="args"/>; false with one line in <paramref name="error"/> on the first mistake.</summary>
    public static bool TryParse(IReadOnlyList<string> args, out LoadTestOptions options, out string? error)
    {
        ArgumentNullException.ThrowIfNull(args);
        options = new LoadTestOptions();
        if (args.Any(a => a is "-h" or "--help" or "-?"))
        {
            options = options with { Help = true };
            error = null;
            return true;
        }

        var result = Command.Parse(args);
        if (result.Errors.Count > 0)
        {
            error = result.Errors[0].Message;
            return false;
        }

        var defaults = options;
        options = new LoadTestOptions
        {
            Devices = Given(result, Devices, defaults.Devices),
            Rate = Given(result, Rate, defaults.Rate),
            Duration = Given(result, Duration, defaults.Duration),
            AlarmShare = Given(result, AlarmShare, defaults.AlarmShare),
            MqttConnections = Given(result, MqttConnections, defaults.MqttConnections),
            Broker = Given(result, Broker, defaults.Broker),
            SerialPorts = Given(result, SerialPorts, defaults.SerialPorts),
            SerialRate = Given(result, SerialRate, defaults.SerialRate),
            LocateRate = Given(result, LocateRate, defaults.LocateRate),
            Interval = Given(result, Interval, defaults.Interval),
            DrainTimeout = Given(result, DrainTimeout, defaults.DrainTimeout),
            PrebuildLimit = Given(result, PrebuildLimit, defaults.PrebuildLimit),
            Nice = Given(result, Nice, defaults.Nice),
            GatewayDll = result.GetValue(GatewayDll),
            SeedFile = result.GetValue(SeedFile),
            WorkDirectory = result.GetValue(WorkDirectory),
            Keep = result.GetValue(Keep),
            NoBaseline = result.GetValue(NoBaseline),
            ReportFile = result.GetValue(ReportFile),
            GatewayArguments = result.GetValue(GatewayArguments) ?? [],
            GatewayUrl = result.GetValue(GatewayUrl),
            GrpcUrl = result.GetValue(GrpcUrl),
            TokenFile = result.GetValue(TokenFile),
            Mqtt = result.GetValue(Mqtt),
            AlarmTopic = result.GetValue(AlarmTopic),
            GatewayPid = result.GetResult(GatewayPid) is null ? null : result.GetValue(GatewayPid),
            PeerUrls = result.GetValue(PeerUrls) ?? [],
            PeerPids = result.GetValue(PeerPids) ?? [],
            WriteImport = result.GetValue(WriteImport),
        };
        error = Check(options, result);
        return error is null;
    }

    /// <summary>The usage text.</summary>
    public static string Usage()
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        Command.Parse(["--help"]).Invoke(new InvocationConfiguration { Output = writer });
        return writer.ToString();
    }

    private static string? Check(LoadTestOptions options, ParseResult result)
    {
        if (options.Attach)
        {
            if (options.AlarmTopic is not null && (options.GrpcUrl is not null || options.TokenFile is not null))
            {
                return "--alarm-topic watches alarms on MQTT instead of the gRPC stream: leave out --grpc-url and --token-file";
            }

            if ((options.AlarmTopic is null && (options.GrpcUrl is null || options.TokenFile is null)) || options.Mqtt is null)
            {
                return "--gateway-url attaches to a running gateway and needs --grpc-url, --token-file and --mqtt too (or --alarm-topic and --mqtt)";
            }

            if (result.GetResult(Broker) is not null)
            {
                return "--broker chooses the broker of a gateway the tool starts; with --gateway-url, --mqtt names it";
            }

            if (options.SerialPorts > 0 && result.GetResult(SerialPorts) is not null)
            {
                return "--serial-ports needs a gateway the tool starts itself (the ports are the gateway's configuration); leave it out with --gateway-url";
            }

            if (!TrySplitHostPort(options.Mqtt, out _, out _))
            {
                return $"--mqtt '{options.Mqtt}' is not host:port";
            }

            if (options.PeerPids.Any(pid => pid < 1))
            {
                return "--peer-pid takes process ids (1 or more)";
            }
        }
        else if (options.GrpcUrl is not null || options.TokenFile is not null || options.Mqtt is not null || options.GatewayPid is not null || options.AlarmTopic is not null
            || options.PeerUrls.Count > 0 || options.PeerPids.Count > 0)
        {
            return "--grpc-url, --token-file, --mqtt, --alarm-topic, --gateway-pid, --peer-url and --peer-pid go with --gateway-url (attaching to a running gateway)";
        }

        if (options.LocateRate > 0 && options.AlarmTopic is not null)
        {
            return "--locate-rate calls the gateway's gRPC API: it does not go with --alarm-topic";
        }

        if (options.Interval < TimeSpan.FromSeconds(1))
        {
            return "--interval must be at least 1s";
        }

        return options.Rate == 0 && options.SerialRate == 0 ? "--rate and --serial-rate are both 0: nothing would be sent" : null;
    }

    /// <summary>Splits host:port; false when it is not that.</summary>
    public static bool TrySplitHostPort(string text, out string host, out int port)
    {
        var colon = text.LastIndexOf(':');
        host = colon > 0 ? text[..colon] : string.Empty;
        port = 0;
        return colon > 0 && int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is > 0 and < 65536;
    }

    private static T Given<T>(ParseResult result, Option<T> option, T fallback) =>
        result.GetResult(option) is null ? fallback : result.GetValue(option)!;

    private static readonly RootCommand Command = Root();

    private static RootCommand Root()
    {
        var root = new RootCommand(
            "safecomm-loadtest: starts a real gateway with N generated devices enrolled, drives it through MQTT (ChirpStack v4 uplinks, QoS 1) " +
            "and serial link records on pseudo-terminals, and reports start-up time, frames/s accepted, alarm latency, CPU, memory and " +
            "anything dropped. Exit code 0 when the run completed (whatever the numbers), 1 when it could not run, 2 on a usage error.");
        foreach (var option in new Option[]
        {
            Devices, Rate, Duration, AlarmShare, MqttConnections, Broker, SerialPorts, SerialRate, LocateRate, Interval, DrainTimeout, PrebuildLimit, Nice,
            GatewayDll, SeedFile, WorkDirectory, Keep, NoBaseline, ReportFile, GatewayArguments,
            GatewayUrl, GrpcUrl, TokenFile, Mqtt, AlarmTopic, GatewayPid, PeerUrls, PeerPids, WriteImport,
        })
        {
            root.Options.Add(option);
        }

        return root;
    }

    private static Option<T> Number<T>(string name, string description, T minimum, T maximum)
        where T : struct, INumber<T> =>
        new(name)
        {
            Description = description,
            HelpName = "N",
            CustomParser = r =>
            {
                var text = r.Tokens.Count == 0 ? string.Empty : r.Tokens[^1].Value;
                if (T.TryParse(text.Replace("_", string.Empty, StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) &&
                    value >= minimum && value <= maximum && (typeof(T) != typeof(int) || !text.Contains('.', StringComparison.Ordinal)))
                {
                    return value;
                }

                r.AddError(string.Create(CultureInfo.InvariantCulture, $"{name} '{text}' is not a number from {minimum} to {maximum}"));
                return minimum;
            },
        };

    private static Option<TimeSpan> Span(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "DURATION",
        CustomParser = r =>
        {
            var text = r.Tokens.Count == 0 ? string.Empty : r.Tokens[^1].Value;
            if (CommandLine.TryDuration(text, out var duration))
            {
                return duration;
            }

            r.AddError($"{name} '{text}' is not a duration such as 90s, 5m, 1h or 00:05:00");
            return TimeSpan.Zero;
        },
    };

    private static Option<string> Text(string name, string description, string helpName) => new(name)
    {
        Description = description,
        HelpName = helpName,
        CustomParser = r =>
        {
            var text = r.Tokens.Count == 0 ? string.Empty : r.Tokens[^1].Value;
            if (text.Length == 0)
            {
                r.AddError($"{name} needs a value");
            }

            return text;
        },
    };

    private static Option<Uri> Address(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "URL",
        CustomParser = r =>
        {
            var text = r.Tokens.Count == 0 ? string.Empty : r.Tokens[^1].Value;
            if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
            {
                return uri;
            }

            r.AddError($"{name} '{text}' is not an http:// or https:// address");
            return null;
        },
    };
}
