using System.Globalization;
using Grpc.Core;
using Grpc.Net.Client;
using SafeCommunity.Iot.Contracts.V1;
using V1 = SafeCommunity.Iot.Contracts.V1;
using SafeCommunity.Iot.TestSupport;

namespace SafeCommunity.Iot.Board.Tests.Support;

/// <summary>
/// Everything a board test runs against: a serial base station (Wufu north gate) on a pseudo-terminal, the real
/// gateway reading it (restartable on the same ports and data directory), and gRPC channels for checking what the
/// page did.
/// </summary>
internal sealed class BoardScene : IAsyncDisposable
{
    private const string BaseStationId = "wufu-gate-north";
    private static readonly TimeSpan PollTimeout = TimeSpan.FromSeconds(30);

    private readonly TempDirectory _data = new();
    private readonly List<GrpcChannel> _channels = [];
    private readonly Dictionary<string, string?> _settings;
    private readonly int _grpcPort = FreePort.Next();

    private BoardScene(SerialBaseStation station, Action<string>? seedData, IReadOnlyDictionary<string, string?>? settings)
    {
        seedData?.Invoke(_data.Path);
        Station = station;
        var httpPort = FreePort.Next();
        BoardUrl = $"http://127.0.0.1:{httpPort}/board/";
        _settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Storage:DataDirectory"] = _data.Path,
            ["Storage:ImportOnStart"] = SeedDevices.SeedFile,
            ["Geofences:ImportOnStart"] = Path.Combine(AppContext.BaseDirectory, "Seed", "anlong-geofences.geojson"),
            ["Receivers:LoRaWan:Broker:Port"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
            ["Receivers:Serial:Ports:0:ReceiverId"] = BaseStationId,
            ["Receivers:Serial:Ports:0:Path"] = station.GatewayPath,
            ["Kestrel:Endpoints:Http:Url"] = $"http://127.0.0.1:{httpPort}",
            ["Kestrel:Endpoints:Grpc:Url"] = $"http://127.0.0.1:{_grpcPort}",
            ["Kestrel:Endpoints:Grpc:Protocols"] = "Http2",
            ["Api:HeartbeatInterval"] = "00:00:01",
        };
        foreach (var (key, value) in TestStore.SettingsFor(_data.Path).Concat(settings ?? new Dictionary<string, string?>()))
        {
            _settings[key] = value;
        }

        Gateway = new BoardGateway(_settings);
    }

    public SerialBaseStation Station { get; }

    public BoardGateway Gateway { get; private set; }

    /// <summary>The board's address on the gateway's HTTP endpoint.</summary>
    public string BoardUrl { get; }

    /// <summary>
    /// Starts the scene; <paramref name="seedData"/> writes into the empty data directory before the gateway first starts,
    /// and <paramref name="settings"/> are the gateway's besides the scene's own.
    /// </summary>
    public static async Task<BoardScene> StartAsync(Action<string>? seedData = null, IReadOnlyDictionary<string, string?>? settings = null) =>
        new(await SerialBaseStation.StartAsync(), seedData, settings);

    /// <summary>Stops the gateway and starts it again on the same settings and data directory.</summary>
    public async Task RestartAsync()
    {
        await Gateway.DisposeAsync();
        Gateway = new BoardGateway(_settings);
    }

    /// <summary>
    /// Stops the gateway, as an instance dies, and starts another instance on the same store and serial line with
    /// <paramref name="settings"/> over the scene's (its own HTTP endpoint, for one).
    /// </summary>
    public async Task ReplaceAsync(IReadOnlyDictionary<string, string?> settings)
    {
        await Gateway.DisposeAsync();
        foreach (var (key, value) in settings)
        {
            _settings[key] = value;
        }

        Gateway = new BoardGateway(_settings);
    }

    /// <summary>A post token for <paramref name="community"/>, made by the administrator.</summary>
    public Task<string> CreatePostTokenAsync(string name, string community) =>
        CreateTokenAsync(new CreateTokenRequest { Name = name, Role = Role.Post, CommunityIds = { community } });

    /// <summary>A family token of <paramref name="household"/>, made by the administrator.</summary>
    public Task<string> CreateFamilyTokenAsync(string name, string household) =>
        CreateTokenAsync(new CreateTokenRequest { Name = name, Role = Role.Family, Principal = household });

    private async Task<string> CreateTokenAsync(CreateTokenRequest request)
    {
        var admin = new Administration.AdministrationClient(Channel(File.ReadAllText(Path.Combine(_data.Path, "admin-token")).Trim()));
        return (await admin.CreateTokenAsync(request)).Secret;
    }

    /// <summary>Waits until the gateway has the base station's serial line open, so a record written now is read.</summary>
    public async Task WaitForBaseStationAsync(string token)
    {
        var receivers = new V1.Receivers.ReceiversClient(Channel(token));
        await WaitUntilAsync(async () => (await receivers.ListAsync(new ListReceiversRequest())).Receivers
            .Any(r => r.Id == BaseStationId && r.Link == ReceiverLinkState.Connected), "the base station's link");
    }

    /// <summary>A channel to the gRPC endpoint whose calls carry <paramref name="token"/>.</summary>
    public GrpcChannel Channel(string token)
    {
        var credentials = CallCredentials.FromInterceptor((_, metadata) =>
        {
            metadata.Add("authorization", "Bearer " + token);
            return Task.CompletedTask;
        });
        var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{_grpcPort}", new GrpcChannelOptions
        {
            Credentials = ChannelCredentials.Create(ChannelCredentials.Insecure, credentials),
            UnsafeUseInsecureChannelCallCredentials = true,
        });
        _channels.Add(channel);
        return channel;
    }

    /// <summary>Waits until <paramref name="condition"/> holds (generously), failing with <paramref name="what"/>.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        using var timeout = new CancellationTokenSource(PollTimeout);
        while (!await condition())
        {
            if (timeout.IsCancellationRequested)
            {
                Assert.Fail("timed out waiting for " + what);
            }

            await Task.Delay(100, CancellationToken.None);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _channels.ForEach(c => c.Dispose());
        await Gateway.DisposeAsync();
        await Station.DisposeAsync();
        _data.Dispose();
    }
}
