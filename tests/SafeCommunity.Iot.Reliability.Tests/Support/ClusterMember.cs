using Grpc.Core;
using Grpc.Net.Client;
using SafeCommunity.Iot.TestSupport;

namespace SafeCommunity.Iot.Reliability.Tests.Support;

/// <summary>
/// One gateway of a cluster: the real gateway process with its own id, ports, data directory and MQTT session, storing
/// in the cluster's PostgreSQL database and taking its share of the LoRaWAN uplinks through the MQTT 5 shared
/// subscription <c>$share/gateways/...</c> on the cluster's broker (docs/scale-out.md). Started again after a kill
/// on the same directory and session, as a service manager would.
/// </summary>
internal sealed class ClusterMember : IDisposable
{
    public const string SharedFilter = "$share/gateways/application/+/device/+/event/up";

    private readonly string _work;
    private readonly string[] _settings;
    private readonly List<GrpcChannel> _channels = [];
    private GatewayProcess? _current;
    private GrpcChannel? _channel;

    /// <summary>
    /// The gateway <paramref name="id"/>; <paramref name="serial"/> is a base station plugged into its machine (receiver
    /// id, line); <paramref name="settings"/> come last, so they win over the ones here.
    /// </summary>
    public ClusterMember(
        string id, string work, int brokerPort, string connectionString, string registryFile, (string ReceiverId, string Path)? serial = null,
        IReadOnlyList<string>? settings = null)
    {
        Id = id;
        _work = Path.Combine(work, id);
        Directory.CreateDirectory(_work);
        DataDirectory = Path.Combine(_work, "data");
        _settings =
        [
            $"--Gateway:Id={id}",
            $"--Storage:DataDirectory={DataDirectory}",
            "--Storage:Provider=PostgreSql",
            $"--Storage:ConnectionString={connectionString}",
            $"--Storage:ImportOnStart={registryFile}",
            "--Receivers:LoRaWan:Host=127.0.0.1",
            $"--Receivers:LoRaWan:Port={brokerPort}",
            $"--Receivers:LoRaWan:TopicFilters:0={SharedFilter}",
            "--Receivers:LoRaWan:ReconnectMinDelay=00:00:00.200",
            "--Receivers:LoRaWan:ReconnectMaxDelay=00:00:01",
            "--Telemetry:Enabled=false",
            "--Alarms:TickInterval=01:00:00",
            .. serial is { } line ? [$"--Receivers:Serial:Ports:0:ReceiverId={line.ReceiverId}", $"--Receivers:Serial:Ports:0:Path={line.Path}"] : Array.Empty<string>(),
            .. settings ?? [],
        ];
    }

    public string Id { get; }

    public string DataDirectory { get; }

    /// <summary>The running process (or the last one started).</summary>
    public GatewayProcess Current => _current ?? throw new InvalidOperationException($"Gateway {Id} was never started.");

    /// <summary>Whether the last process started was killed.</summary>
    public bool IsDead { get; private set; }

    /// <summary>Starts a gateway process and waits until it listens and is connected to the broker.</summary>
    public async Task StartAsync()
    {
        var process = await GatewayProcess.StartReadyAsync(_work, _settings);
        lock (_channels)
        {
            _current?.Dispose();
            _current = process;
            _channel = null;
            IsDead = false;
        }
    }

    /// <summary>SIGKILL of the running process.</summary>
    public void Kill()
    {
        lock (_channels)
        {
            IsDead = true;
        }

        Current.Kill();
    }

    /// <summary>The alarm API of the running process (calls fail while it is dead).</summary>
    public Contracts.V1.Alarms.AlarmsClient Alarms
    {
        get
        {
            lock (_channels)
            {
                if (_channel is null)
                {
                    _channel = GrpcChannel.ForAddress($"http://127.0.0.1:{Current.GrpcPort}");
                    _channels.Add(_channel);
                }

                return new Contracts.V1.Alarms.AlarmsClient(_channel);
            }
        }
    }

    /// <summary>The headers with the administrator token the cluster's first start wrote.</summary>
    public static Metadata HeadersOf(ClusterMember first) =>
        new() { { "authorization", "Bearer " + File.ReadAllText(Path.Combine(first.DataDirectory, "admin-token")).Trim() } };

    public void Dispose()
    {
        _current?.Dispose();
        foreach (var channel in _channels)
        {
            channel.Dispose();
        }
    }
}
