using SafeCommunity.Iot.Protocol.Link;
using SafeCommunity.Iot.Protocol.Radio;
using SafeCommunity.Iot.Protocol.Security;
using SafeCommunity.Iot.Simulator.Fleet;
using SafeCommunity.Iot.Simulator.Transports;
using SafeCommunity.Iot.Simulator.Tests.Support;

namespace SafeCommunity.Iot.Simulator.Tests.Transports;

public sealed class SerialLinkTransportTests
{
    [Fact]
    public async Task Start_WritesADelimiterThenAHello()
    {
        var stream = new MemoryStream();
        await using (var transport = new SerialLinkTransport(stream, "wufu-gate-north", 1375731969, gnssPresent: false, leaveOpen: true))
        {
            transport.Start();
            Assert.True(await transport.DrainAsync(TimeSpan.FromSeconds(5)));
        }

        var bytes = stream.ToArray();
        Assert.Equal(0, bytes[0]);
        var records = LinkRecords.Decode(bytes);
        var hello = Assert.Single(records);
        Assert.Equal(LinkRecordType.ReceiverStatus, hello.Type);
        Assert.Equal(1375731969u, hello.Status!.Value.ReceiverId);
        Assert.Equal(ReceiverStatusFlags.Hello, hello.Status.Value.Flags);
    }

    [Fact]
    public async Task Records_DecodeWithLinkStreamDecoder_FedOneByteAtATime()
    {
        using var cmac = new AesCmac(DemoKeys.For(0x11000009));
        var frame = RadioFrameWriter.ToArray(RadioFrame.Beacon(0x11000009, 77, DeviceStatusFlags.Armed | DeviceStatusFlags.Moving, 90), cmac);
        var sentence = NmeaSentences.Rmc(DateTimeOffset.UtcNow, new Core.Geodesy.GeoPoint(25.1, 105.47), 5, 180);
        var stream = new MemoryStream();
        await using (var transport = new SerialLinkTransport(stream, "wufu-patrol-moto-1", 1375732001, gnssPresent: true, leaveOpen: true))
        {
            transport.Start();
            Assert.True(transport.SendSentence(sentence));
            Assert.True(transport.SendReception(frame, -93, 6.25));
            Assert.True(transport.SendStatus());
            Assert.True(await transport.DrainAsync(TimeSpan.FromSeconds(5)));
            Assert.Equal(4, transport.RecordsWritten);
            Assert.Equal(1, transport.Receptions);
            Assert.Equal(1, transport.Sentences);
        }

        var records = LinkRecords.Decode(stream.ToArray(), oneByteAtATime: true);

        Assert.Equal([LinkRecordType.ReceiverStatus, LinkRecordType.GnssSentence, LinkRecordType.RadioReception, LinkRecordType.ReceiverStatus], records.Select(r => r.Type));
        Assert.Equal(ReceiverStatusFlags.Hello | ReceiverStatusFlags.GnssPresent, records[0].Status!.Value.Flags);
        Assert.Equal(sentence, records[1].Sentence);
        Assert.Equal(frame, records[2].Frame);
        Assert.Equal(-93, records[2].RssiDbm);
        Assert.Equal(25, records[2].SnrQuarterDb);
        Assert.Equal(ReceiverStatusFlags.GnssPresent, records[3].Status!.Value.Flags);
        Assert.Equal(1u, records[3].Status!.Value.FramesReceived);
    }

    [Fact]
    public async Task FullQueue_DropsWholeRecords_AndCountsThemInTheStatus()
    {
        var blocked = new BlockingStream();
        await using var transport = new SerialLinkTransport(blocked, "wufu-gate-north", 1, gnssPresent: false, queueCapacity: 2);
        transport.Start();
        await blocked.FirstWrite.Task.WaitAsync(TimeSpan.FromSeconds(5));

        var accepted = Enumerable.Range(0, 10).Count(_ => transport.SendReception([0x11, 1, 2], -80, 5));

        Assert.True(accepted <= 3, $"{accepted} accepted");
        Assert.True(transport.RecordsDropped >= 7);
        blocked.Release();
    }

    [Fact]
    public async Task DeadLine_DropsRecordsAndSaysWhy_AndStillStops()
    {
        var transport = new SerialLinkTransport(new DeadStream(), "wufu-gate-south", 2, gnssPresent: false);
        transport.Start();
        for (var i = 0; i < 5; i++)
        {
            transport.SendReception([0x11, 1, 2], -80, 5);
        }

        await transport.DrainAsync(TimeSpan.FromSeconds(5));
        var stopping = transport.DisposeAsync().AsTask();

        Assert.Same(stopping, await Task.WhenAny(stopping, Task.Delay(TimeSpan.FromSeconds(10))));
        Assert.Equal(6, transport.RecordsDropped);
        Assert.Equal(0, transport.RecordsWritten);
        Assert.Equal("The port is closed.", transport.LastError);
    }

    private sealed class DeadStream : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => 0;

        public override long Position { get; set; }

        public override void Write(byte[] buffer, int offset, int count) => throw new InvalidOperationException("The port is closed.");

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }

    private sealed class BlockingStream : Stream
    {
        private readonly ManualResetEventSlim _release = new();

        public TaskCompletionSource FirstWrite { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => 0;

        public override long Position { get; set; }

        public void Release() => _release.Set();

        public override void Write(byte[] buffer, int offset, int count)
        {
            FirstWrite.TrySetResult();
            _release.Wait(TimeSpan.FromSeconds(30));
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _release.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
