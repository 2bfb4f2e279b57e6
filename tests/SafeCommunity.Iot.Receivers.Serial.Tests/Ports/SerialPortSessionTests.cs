using Microsoft.Extensions.Logging.Abstractions;
using SafeCommunity.Iot.Core.Receivers;
using SafeCommunity.Iot.Core.Registry;
using SafeCommunity.Iot.Core.Resilience;
using SafeCommunity.Iot.Receivers.Serial.BaseStations;
using SafeCommunity.Iot.Receivers.Serial.Diagnostics;
using SafeCommunity.Iot.Receivers.Serial.Ports;
using SafeCommunity.Iot.Receivers.Serial.Tests.Support;

namespace SafeCommunity.Iot.Receivers.Serial.Tests.Ports;

public sealed class SerialPortSessionTests : IDisposable
{
    private const string ReceiverId = "gate-1";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private readonly RecordingIngress _ingress = new();
    private readonly ReceiverStatusBoard _board = new();
    private readonly CapturingLoggerProvider _logs = new();

    public void Dispose() => _logs.Dispose();

    [Fact]
    public async Task RunAsync_EndOfStream_ReopensAndKeepsReading()
    {
        var factory = new FakeStreamFactory();
        await using var running = Start(factory);
        await ReceiverHost.WaitUntilAsync(() => !factory.Opened.IsEmpty, Wait, "first open");
        var first = factory.Last;
        first.Feed(TestData.ReceptionRecord(TestData.Beacon(1, 1)));
        await _ingress.NextAsync(Wait);
        first.End();

        await ReceiverHost.WaitUntilAsync(() => factory.Opened.Count >= 2, Wait, "reopen after end of stream");
        factory.Last.Feed(TestData.ReceptionRecord(TestData.Beacon(1, 2)));
        var uplink = await _ingress.NextAsync(Wait);

        Assert.Equal(TestData.Beacon(1, 2), uplink.Payload.ToArray());
        Assert.True(first.IsDisposed);
        await ReceiverHost.WaitUntilAsync(() => _board.Find(ReceiverId) is { Link: ReceiverLink.Connected, Reconnects: 1 }, Wait, "one reconnect");
    }

    [Fact]
    public async Task RunAsync_ReadFails_Reopens()
    {
        var factory = new FakeStreamFactory();
        await using var running = Start(factory);
        await ReceiverHost.WaitUntilAsync(() => !factory.Opened.IsEmpty, Wait, "first open");

        // Disposing the stream under the reader makes its read fail with an IOException, as a vanished device does.
        factory.Last.Dispose();

        await ReceiverHost.WaitUntilAsync(() => factory.Opened.Count >= 2, Wait, "reopen after a read error");
    }

    [Fact]
    public async Task RunAsync_NoDataForWatchdog_ClosesAHangingReadAndReopens()
    {
        // The read ignores cancellation, like a read that hangs after an unplug: only closing the port ends it.
        var factory = new FakeStreamFactory(_ => new FakeSerialStream { IgnoreCancellation = true });
        await using var running = Start(factory, watchdog: TimeSpan.FromMilliseconds(300));

        await ReceiverHost.WaitUntilAsync(() => factory.Opened.Count >= 2, Wait, "reopen after the watchdog");

        Assert.True(factory.Opened.First().IsDisposed);
        Assert.Contains(_logs.Entries, e => e.Message.Contains("(watchdog)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_DevicePathVanishes_ClosesPortAndReopensWhenItIsBackWithoutBackingOff()
    {
        var factory = new FakeStreamFactory(_ => new FakeSerialStream { IgnoreCancellation = true });

        // A replugged receiver is opened on the next path check; were it treated as a failed link, the ten-minute
        // backoff would keep it closed past the wait below.
        await using var running = Start(factory, backoff: new ExponentialBackoff(TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(10)));
        await ReceiverHost.WaitUntilAsync(() => !factory.Opened.IsEmpty, Wait, "first open");

        factory.DevicePresent = false;
        await ReceiverHost.WaitUntilAsync(() => factory.Opened.First().IsDisposed, Wait, "port closed after the path vanished");
        await ReceiverHost.WaitUntilAsync(() => _board.Find(ReceiverId) is { Link: ReceiverLink.Disconnected }, Wait, "disconnected");
        Assert.Single(factory.Opened);

        factory.DevicePresent = true;
        await ReceiverHost.WaitUntilAsync(() => factory.Opened.Count == 2, Wait, "reopen when the path is back");
        factory.Last.Feed(TestData.ReceptionRecord(TestData.Beacon(5, 9)));
        Assert.Equal(TestData.Beacon(5, 9), (await _ingress.NextAsync(Wait)).Payload.ToArray());
    }

    [Fact]
    public async Task RunAsync_DevicePathLeadsToAnotherDevice_Reopens()
    {
        var factory = new FakeStreamFactory(_ => new FakeSerialStream { IgnoreCancellation = true });
        await using var running = Start(factory);
        await ReceiverHost.WaitUntilAsync(() => !factory.Opened.IsEmpty, Wait, "first open");

        factory.DeviceName = "/dev/fake1";

        await ReceiverHost.WaitUntilAsync(() => factory.Opened.Count == 2, Wait, "reopen on the new device");
        Assert.True(factory.Opened.First().IsDisposed);
    }

    [Fact]
    public async Task RunAsync_LinkNeverComesUp_BacksOffLongerEachTime()
    {
        // Every opening ends at once without a byte: the delays must grow instead of spinning at the first one.
        var factory = new FakeStreamFactory(_ =>
        {
            var stream = new FakeSerialStream();
            stream.End();
            return stream;
        });
        await using var running = Start(factory, backoff: new ExponentialBackoff(TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(500), () => 0.5));

        await ReceiverHost.WaitUntilAsync(() => factory.Opened.Count >= 5, Wait, "five attempts");

        var delays = _logs.Entries
            .Where(e => e.EventId.Id == 203)
            .Select(e => TimeSpan.Parse(e.Message[(e.Message.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture))
            .Take(4)
            .ToList();
        Assert.Equal([20, 40, 80, 160], delays.Select(d => (int)Math.Round(d.TotalMilliseconds)));
    }

    [Fact]
    public async Task RunAsync_Stopped_ClosesPortAndReportsDisconnected()
    {
        var factory = new FakeStreamFactory();
        var running = Start(factory);
        await ReceiverHost.WaitUntilAsync(() => !factory.Opened.IsEmpty, Wait, "first open");

        await running.DisposeAsync();

        Assert.True(factory.Last.IsDisposed);
        Assert.Equal(ReceiverLink.Disconnected, _board.Find(ReceiverId)?.Link);
    }

    private RunningSession Start(FakeStreamFactory factory, TimeSpan? watchdog = null, ExponentialBackoff? backoff = null)
    {
        var link = new BaseStationLink(ReceiverId, TimeSpan.FromSeconds(30), _ingress, new DeviceRegistry(), _board, TimeProvider.System, NullLogger.Instance, new SerialReceiverMetrics());
        var settings = new SerialPortSessionSettings(ReceiverId, "/dev/serial/by-id/fake", 115200, watchdog ?? TimeSpan.FromMinutes(2))
        {
            PathCheckInterval = TimeSpan.FromMilliseconds(50),
            DeviceWaitInterval = TimeSpan.FromMilliseconds(20),
            Backoff = backoff ?? new ExponentialBackoff(TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(50)),
        };
        var session = new SerialPortSession(settings, factory, link, _board, TimeProvider.System, _logs.CreateLogger("session"), new SerialReceiverMetrics());
        return new RunningSession(session);
    }

    private sealed class RunningSession : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _run;

        public RunningSession(SerialPortSession session)
        {
            _run = Task.Run(() => session.RunAsync(_stop.Token));
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _run.WaitAsync(TimeSpan.FromSeconds(10));
            _stop.Dispose();
        }
    }
}
