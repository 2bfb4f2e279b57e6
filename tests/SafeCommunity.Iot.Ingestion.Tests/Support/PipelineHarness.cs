using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SafeCommunity.Iot.Alarms.Rules;
using SafeCommunity.Iot.Alarms.Streaming;
using SafeCommunity.Iot.Core.Alarms;
using SafeCommunity.Iot.Core.Geodesy;
using SafeCommunity.Iot.Core.Receivers;
using SafeCommunity.Iot.Geofences.Indexing;
using SafeCommunity.Iot.Core.Registry;
using SafeCommunity.Iot.Core.Uplinks;
using SafeCommunity.Iot.Ingestion.Diagnostics;
using SafeCommunity.Iot.Ingestion.Hosting;
using SafeCommunity.Iot.Ingestion.Pipeline;
using SafeCommunity.Iot.Protocol.Radio;
using SafeCommunity.Iot.Protocol.Security;
using SafeCommunity.Iot.TestSupport;

namespace SafeCommunity.Iot.Ingestion.Tests.Support;

/// <summary>A real pipeline over an in-memory store, with a small registry: one community, fixed receivers, a few devices.</summary>
internal sealed class PipelineHarness : IAsyncDisposable
{
    public static readonly GeoPoint GateNorth = new(25.1030, 105.4690);
    public static readonly GeoPoint GateSouth = new(25.0990, 105.4690);
    public static readonly GeoPoint Pole = new(25.1010, 105.4712);
    public static readonly DateTimeOffset Start = new(2026, 11, 29, 8, 0, 0, TimeSpan.Zero);

    private readonly ServiceProvider _services;
    private readonly Dictionary<uint, AesCmac> _keys = [];

    /// <summary>The first id of the extra enrolled wristbands (<c>extraDevices</c>).</summary>
    public const uint FirstExtraDevice = 0x33000000;

    public PipelineHarness(
        IngestionOptions? options = null, InMemoryStore? store = null, AlarmRuleOptions? alarmOptions = null,
        ILogger<UplinkPipeline>? logger = null, int extraDevices = 0, IAlarmEventSignal? signal = null)
    {
        Store = store ?? new InMemoryStore();
        Registry.Apply(new RegistryContents(
            [new Community { Id = "wufu", Name = "Wufu", PoliceRoom = "Wufu police room" }],
            [
                Fixed("gate-north", GateNorth, 90),
                Fixed("gate-south", GateSouth, 90),
                Fixed("pole-east", Pole, 80),
                new Receiver { Id = "patrol-1", Kind = ReceiverKind.Mobile, CommunityId = "wufu", RangeMetres = 100 },
            ],
            [
                Device(0x11000001, DeviceKind.EbikeChip),
                Device(0x22000001, DeviceKind.ElderWristband),
                .. Enumerable.Range(0, extraDevices).Select(i => Device(FirstExtraDevice + (uint)i, DeviceKind.ElderWristband)),
            ]));
        _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        Pipeline = new UplinkPipeline(
            Options.Create(options ?? new IngestionOptions { Shards = 2 }),
            Registry,
            Store,
            Store,
            Store,
            signal ?? Store,
            Hub,
            Options.Create(alarmOptions ?? new AlarmRuleOptions()),
            Board,
            Geofences,
            [Observer],
            Statistics,
            new IngestionMetrics(_services.GetRequiredService<IMeterFactory>()),
            Clock,
            logger ?? NullLogger<UplinkPipeline>.Instance);
    }

    public DeviceRegistry Registry { get; } = new();

    public InMemoryStore Store { get; }

    public RecordingObserver Observer { get; } = new();

    public ReceiverStatistics Statistics { get; } = new();

    /// <summary>The pipeline's clock: it drives the alarm ticks; uplinks carry their own reception times.</summary>
    public FakeTimeProvider Clock { get; } = new(Start);

    public AlarmHub Hub { get; } = new();

    public ReceiverStatusBoard Board { get; } = new();

    public GeofenceIndex Geofences { get; } = new();

    public UplinkPipeline Pipeline { get; }

    public static byte[] KeyOf(uint deviceId)
    {
        var key = new byte[16];
        BitConverter.TryWriteBytes(key, deviceId);
        key[15] = 0x5A;
        return key;
    }

    public Task StartAsync() => Pipeline.StartAsync(CancellationToken.None);

    /// <summary>
    /// Starts the pipeline and waits until its alarm clock ticks (one tick, a second after the start): a clock moved
    /// before the pipeline's timer exists would move past it unseen.
    /// </summary>
    public async Task StartTickingAsync()
    {
        await StartAsync();
        var tick = new AlarmRuleOptions().TickInterval;
        for (var attempt = 0; ; attempt++)
        {
            Clock.Advance(tick);
            var now = Clock.GetUtcNow();
            try
            {
                await Waiting.UntilAsync(() => Pipeline.TickedThrough >= now, TimeSpan.FromMilliseconds(200), "the first tick");
                return;
            }
            catch (TimeoutException) when (attempt < 100)
            {
                // The timer did not exist yet: tick again.
            }
        }
    }

    /// <summary>
    /// Waits until the time-based rules ran for the clock's current time and what they raised is stored: the flush
    /// to wait for before asserting that the clock raised nothing. The clock must have moved at least one tick.
    /// </summary>
    public Task TickThroughAsync()
    {
        var now = Clock.GetUtcNow();
        return Waiting.UntilAsync(() => Pipeline.TickedThrough >= now, TimeSpan.FromSeconds(30), $"the alarm clock's tick at {now:O} to be stored");
    }

    public byte[] Sign(in RadioFrame frame)
    {
        if (!_keys.TryGetValue(frame.DeviceId, out var cmac))
        {
            cmac = new AesCmac(KeyOf(frame.DeviceId));
            _keys.Add(frame.DeviceId, cmac);
        }

        return RadioFrameWriter.ToArray(frame, cmac);
    }

    /// <summary>Sends bytes as if <paramref name="receiverId"/> heard them (or its transport delivered them again), and waits for the outcome.</summary>
    public async Task<UplinkOutcome> SendAsync(
        byte[] bytes, string receiverId = "gate-north", double? rssi = -80, TimeSpan? at = null, GeoPoint? receiverPosition = null, bool redelivery = false)
    {
        var completion = new RecordingCompletion();
        await Pipeline.WriteAsync(
            new RawUplink(receiverId, Start + (at ?? TimeSpan.Zero), bytes, UplinkTransport.Serial, rssi, 7.5, receiverPosition, completion)
            {
                IsRedelivery = redelivery,
            },
            CancellationToken.None);
        return await completion.Outcome.WaitAsync(TimeSpan.FromSeconds(10));
    }

    public async ValueTask DisposeAsync()
    {
        await Pipeline.StopAsync(CancellationToken.None);
        Pipeline.Dispose();
        foreach (var cmac in _keys.Values)
        {
            cmac.Dispose();
        }

        await _services.DisposeAsync();
    }

    private static Receiver Fixed(string id, GeoPoint position, double range) =>
        new() { Id = id, Kind = ReceiverKind.FixedBaseStation, CommunityId = "wufu", Position = position, RangeMetres = range };

    private static Device Device(uint id, DeviceKind kind) => new()
    {
        Id = id,
        Kind = kind,
        Key = DeviceKey.FromBytes(KeyOf(id)),
        DisplayName = $"test device {id:x8}",
        CommunityId = "wufu",
        Owner = "owner-wf-001",
    };
}
