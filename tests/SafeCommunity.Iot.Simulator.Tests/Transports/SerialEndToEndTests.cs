using System.IO.Ports;
using SafeCommunity.Iot.Core.Registry;
using SafeCommunity.Iot.Protocol.Link;
using SafeCommunity.Iot.Protocol.Radio;
using SafeCommunity.Iot.Protocol.Security;
using SafeCommunity.Iot.Receivers.Serial.Gnss;
using SafeCommunity.Iot.Simulator.Engine;
using SafeCommunity.Iot.Simulator.Fleet;
using SafeCommunity.Iot.Simulator.Running;
using SafeCommunity.Iot.Simulator.Scenarios;
using SafeCommunity.Iot.Simulator.Tests.Support;
using SafeCommunity.Iot.Simulator.Transports;

namespace SafeCommunity.Iot.Simulator.Tests.Transports;

public sealed class SerialEndToEndTests
{
    [Fact]
    public async Task StolenBike_OverARealPtyPair_ArrivesAsValidLinkRecords()
    {
        await using var pair = await SocatPair.StartAsync();
        using var gatewayEnd = new SerialPort(pair.GatewayPath, 115200, Parity.None, 8, StopBits.One) { Handshake = Handshake.None };
        gatewayEnd.Open();
        var decoder = new LinkRecords();
        var received = new List<DecodedRecord>();
        using var reading = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var reader = Task.Run(async () =>
        {
            var buffer = new byte[512];
            while (!reading.IsCancellationRequested)
            {
                var read = await gatewayEnd.BaseStream.ReadAsync(buffer, reading.Token);
                lock (received)
                {
                    received.AddRange(decoder.Feed(buffer.AsSpan(0, read)));
                }
            }
        });

        // The patrol motorbike's receiver during the stolen-bike scenario: its fixes and what it hears.
        var scenario = new StolenBikeScenario();
        using var fleet = TestFleet.Create([scenario]);
        var patrol = fleet.Patrol!;
        var expectedFrames = new List<byte[]>();
        var expectedSentences = 0;
        await using (var transport = new SerialLinkTransport(SerialPorts.Open(pair.SimulatorPath), patrol.Id, patrol.HardwareId!.Value, gnssPresent: true))
        {
            transport.Start();
            foreach (var happened in TestFleet.RunPlan(fleet, TimeSpan.Zero))
            {
                switch (happened)
                {
                    case ReceiverFix fix:
                        transport.SendSentence(NmeaSentences.Rmc(DateTimeOffset.UtcNow, fix.Position, fix.SpeedMetresPerSecond, fix.CourseDegrees));
                        transport.SendSentence(NmeaSentences.Gga(DateTimeOffset.UtcNow, fix.Position, 14, 0.8, 1372));
                        expectedSentences += 2;
                        break;
                    case Transmission t when t.HeardByKind(ReceiverKind.Mobile).SingleOrDefault() is { } heard:
                        transport.SendReception(t.Bytes, heard.RssiDbm, heard.SnrDb);
                        expectedFrames.Add(t.Bytes);
                        break;
                }
            }

            Assert.True(await transport.DrainAsync(TimeSpan.FromSeconds(10)));
            Assert.Equal(0, transport.RecordsDropped);
        }

        var expected = 1 + expectedSentences + expectedFrames.Count;
        while (!reading.IsCancellationRequested)
        {
            lock (received)
            {
                if (received.Count >= expected)
                {
                    break;
                }
            }

            await Task.Delay(20);
        }

        await reading.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reader);

        Assert.Equal(expected, received.Count);
        Assert.Equal(0, decoder.Statistics.RejectedTotal);
        var hello = received[0];
        Assert.Equal(LinkRecordType.ReceiverStatus, hello.Type);
        Assert.Equal(patrol.HardwareId, hello.Status!.Value.ReceiverId);
        Assert.Equal(ReceiverStatusFlags.Hello | ReceiverStatusFlags.GnssPresent, hello.Status.Value.Flags);

        var frames = received.Where(r => r.Type == LinkRecordType.RadioReception).ToList();
        Assert.True(frames.Count >= 3, $"the patrol heard {frames.Count} frames");
        Assert.Equal(expectedFrames, frames.Select(f => f.Frame!));
        foreach (var frame in frames)
        {
            Assert.Equal(RadioFrameError.None, RadioFrameReader.Read(frame.Frame, out var decoded));
            using var cmac = new AesCmac(DemoKeys.For(decoded.DeviceId));
            Assert.Equal(RadioFrameError.None, RadioFrameReader.VerifyMic(frame.Frame, cmac));
        }

        Assert.Contains(frames, f => RadioFrameReader.Read(f.Frame, out var d) == RadioFrameError.None && d.DeviceId == scenario.Chip!.Id);

        // Receptions follow a fresh RMC + GGA (or another reception of the same moment); the gateway's own parser
        // reads every sentence as a position.
        var parser = new NmeaPositionParser();
        for (var i = 1; i < received.Count; i++)
        {
            if (received[i].Type == LinkRecordType.GnssSentence)
            {
                Assert.Equal(NmeaParseStatus.Position, parser.Parse(received[i].Sentence!, DateTimeOffset.UtcNow).Status);
            }
            else if (received[i].Type == LinkRecordType.RadioReception)
            {
                Assert.Contains(received[i - 1].Type, new[] { LinkRecordType.GnssSentence, LinkRecordType.RadioReception });
            }
        }
    }
}
