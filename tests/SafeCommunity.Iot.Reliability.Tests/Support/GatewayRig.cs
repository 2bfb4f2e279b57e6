using Grpc.Core;
using Grpc.Net.Client;
using SafeCommunity.Iot.Contracts.V1;
using SafeCommunity.Iot.TestSupport;

namespace SafeCommunity.Iot.Reliability.Tests.Support;

/// <summary>
/// The real gateway process on one data directory, started again after every kill, reading LoRaWAN uplinks from an
/// external broker with its persistent MQTT session, with the seed deployment; the gRPC API of whichever process is
/// running, called with the administrator token the first start wrote.
/// </summary>
internal sealed class GatewayRig : IDisposable
{
    private readonly string _work;
    private readonly string[] _settings;
    private readonly List<GrpcChannel> _channels = [];
    private GatewayProcess? _current;
    private GrpcChannel? _channel;

    public GatewayRig(string work, int brokerPort, params string[] settings)
    {
        _work = work;
        Directory.CreateDirectory(work);
        DataDirectory = Path.Combine(work, "data");
        _settings =
        [
            $"--Storage:DataDirectory={DataDirectory}",
            $"--Storage:ImportOnStart={SeedDevices.SeedFile}",
            "--Receivers:LoRaWan:Host=127.0.0.1",
            $"--Receivers:LoRaWan:Port={brokerPort}",
            "--Receivers:LoRaWan:ClientId=reliability-gateway",
            "--Receivers:LoRaWan:ReconnectMinDelay=00:00:00.200",
            "--Receivers:LoRaWan:ReconnectMaxDelay=00:00:01",
            "--Telemetry:Enabled=false",
            "--Alarms:TickInterval=01:00:00",
            .. TestStore.SettingsFor(DataDirectory).Select(s => $"--{s.Key}={s.Value}"),
            .. settings,
        ];
    }

    public string DataDirectory { get; }

    /// <summary>The running process (or the last one started).</summary>
    public GatewayProcess Current => _current ?? throw new InvalidOperationException("The gateway was never started.");

    /// <summary>How many times a gateway process was started.</summary>
    public int Starts { get; private set; }

    /// <summary>The gRPC calls' headers: the administrator token.</summary>
    public Metadata Headers { get; private set; } = [];

    /// <summary>Starts a gateway process and waits until it listens and is connected to the broker.</summary>
    public async Task<GatewayProcess> StartAsync()
    {
        var process = await GatewayProcess.StartReadyAsync(_work, _settings);
        lock (_channels)
        {
            _current?.Dispose();
            _current = process;
            _channel = null;
        }

        Starts++;
        var token = (await File.ReadAllTextAsync(Path.Combine(DataDirectory, "admin-token"))).Trim();
        Headers = new Metadata { { "authorization", "Bearer " + token } };
        return process;
    }

    /// <summary>Starts a gateway process on the rig's data directory and settings without waiting for anything; the caller owns it.</summary>
    public GatewayProcess Launch() => new(_work, FreePort.Next(), _settings);

    /// <summary>SIGKILL of the running process.</summary>
    public void Kill() => Current.Kill();

    /// <summary>A channel to the last started process's gRPC endpoint (calls fail while it is dead); null before the first start.</summary>
    public GrpcChannel? Channel()
    {
        lock (_channels)
        {
            if (_channel is null && _current is { } process)
            {
                _channel = GrpcChannel.ForAddress($"http://127.0.0.1:{process.GrpcPort}");
                _channels.Add(_channel);
            }

            return _channel;
        }
    }

    public Contracts.V1.Alarms.AlarmsClient Alarms => new(Channel() ?? throw new InvalidOperationException("No gateway is running."));

    public Contracts.V1.Devices.DevicesClient Devices => new(Channel() ?? throw new InvalidOperationException("No gateway is running."));

    /// <summary>Every alarm, all pages.</summary>
    public async Task<List<Alarm>> ListAlarmsAsync()
    {
        var alarms = new List<Alarm>();
        var page = new PageRequest { PageSize = 1000 };
        while (true)
        {
            var response = await Alarms.ListAsync(new ListAlarmsRequest { Page = page }, Headers);
            alarms.AddRange(response.Alarms);
            if (string.IsNullOrEmpty(response.NextPageToken))
            {
                return alarms;
            }

            page = new PageRequest { PageSize = 1000, PageToken = response.NextPageToken };
        }
    }

    /// <summary>Every stored alarm event after <paramref name="afterSequence"/>: a fresh stream read up to its first heartbeat.</summary>
    public async Task<List<AlarmEvent>> ReplayAsync(long afterSequence)
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var call = Alarms.Watch(new WatchAlarmsRequest { AfterSequence = afterSequence }, Headers, cancellationToken: cancel.Token);
        var events = new List<AlarmEvent>();
        while (await call.ResponseStream.MoveNext(cancel.Token))
        {
            if (call.ResponseStream.Current.Event is { } alarmEvent)
            {
                events.Add(alarmEvent);
            }
            else
            {
                return events;
            }
        }

        return events;
    }

    /// <summary>Whether Devices.Locate places every device at the fix of its frame in <paramref name="lastFrames"/>.</summary>
    public async Task<bool> AllAtAsync(IEnumerable<ScriptedUplink> lastFrames)
    {
        foreach (var last in lastFrames)
        {
            var located = await Devices.LocateAsync(new LocateRequest { DeviceId = last.DeviceId }, Headers);
            if (located.Location is not { } location
                || Math.Abs(location.Latitude - last.Latitude) > 1e-6
                || Math.Abs(location.Longitude - last.Longitude) > 1e-6)
            {
                return false;
            }
        }

        return true;
    }

    public void Dispose()
    {
        _current?.Dispose();
        foreach (var channel in _channels)
        {
            channel.Dispose();
        }
    }
}
