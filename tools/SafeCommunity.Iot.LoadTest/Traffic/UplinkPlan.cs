using System.Threading.Channels;
using SafeCommunity.Iot.LoadTest.Fleet;
using SafeCommunity.Iot.Simulator.Engine;
using SafeCommunity.Iot.Simulator.Transports;

namespace SafeCommunity.Iot.LoadTest.Traffic;

/// <summary>
/// The MQTT side of a run: ChirpStack uplinks of the LoRaWAN devices, round robin, with <c>alarmShare</c> of them
/// SOS presses (the share is carried over to the next wristband when a chip's turn comes up). Frames are built by
/// the simulator's <see cref="ChirpStackUplinkBuilder"/> on one background task into a bounded queue, so as much as
/// <c>prebuildLimit</c> is ready before timing starts and the run itself costs only publishing.
/// </summary>
internal sealed class UplinkPlan : IAsyncDisposable
{
    private readonly FrameSource _frames;
    private readonly ChirpStackUplinkBuilder _builder = new(randomSeed: 8);
    private readonly double _alarmShare;
    private readonly long _total;
    private readonly Channel<PlannedUplink> _ready;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _building;
    private readonly int _capacity;
    private long _built;
    private long _builtWhileRunning;
    private long _alarmsPlanned;
    private volatile bool _running;

    /// <summary>Plans <paramref name="total"/> uplinks of <paramref name="devices"/> and starts building them.</summary>
    public UplinkPlan(IReadOnlyList<LoadDevice> devices, long total, double alarmShare, int prebuildLimit, uint firstCounter)
    {
        _frames = new FrameSource(devices, firstCounter);
        _total = total;
        _alarmShare = alarmShare;

        // Wait mode: the builder simply pauses while the sender has enough ready.
        _capacity = (int)Math.Clamp(total, 1, prebuildLimit);
        _ready = Channel.CreateBounded<PlannedUplink>(new BoundedChannelOptions(_capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = true,
        });
        _building = Task.Run(() => BuildAsync(_stopping.Token));
    }

    /// <summary>Uplinks in the plan.</summary>
    public long Total => _total;

    /// <summary>Uplinks built so far.</summary>
    public long Built => Interlocked.Read(ref _built);

    /// <summary>Uplinks built after <see cref="MarkRunning"/> (they cost the tool CPU during the run).</summary>
    public long BuiltWhileRunning => Interlocked.Read(ref _builtWhileRunning);

    /// <summary>Waits until the queue is full or the whole plan is built.</summary>
    public async Task PrebuildAsync(CancellationToken cancellationToken)
    {
        while (!_building.IsCompleted && _ready.Reader.Count < _capacity)
        {
            await Task.Delay(50, cancellationToken);
        }

        if (_building.IsFaulted)
        {
            await _building;
        }
    }

    /// <summary>From now on builds count as during the run.</summary>
    public void MarkRunning() => _running = true;

    /// <summary>Whether every uplink of the plan has been taken.</summary>
    public bool Done => _ready.Reader.Completion.IsCompleted;

    /// <summary>The next uplink; false when none is ready (the plan is done, or the builder is behind).</summary>
    public bool TryTake(out PlannedUplink uplink) => _ready.Reader.TryRead(out uplink!);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        try
        {
            await _building;
        }
        catch (OperationCanceledException)
        {
        }

        _stopping.Dispose();
    }

    private async Task BuildAsync(CancellationToken cancellationToken)
    {
        for (var k = 0L; k < _total; k++)
        {
            var alarmsDue = (long)Math.Floor((k + 1) * _alarmShare);
            var sos = alarmsDue > _alarmsPlanned && _frames.Peek.IsWristband;
            var (device, frame, bytes) = _frames.Next(sos);
            var message = _builder.Build(new Transmission(TimeSpan.Zero, device.Seed, bytes, frame, device.Home, [device.Heard]))
                ?? throw new InvalidOperationException("the uplink builder made no message for a LoRaWAN device");
            if (sos)
            {
                _alarmsPlanned++;
            }

            await _ready.Writer.WriteAsync(new PlannedUplink(message, sos ? device.Seed.Id : 0), cancellationToken);
            Interlocked.Increment(ref _built);
            if (_running)
            {
                Interlocked.Increment(ref _builtWhileRunning);
            }
        }

        _ready.Writer.Complete();
    }
}
