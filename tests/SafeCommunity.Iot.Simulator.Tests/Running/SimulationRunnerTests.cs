using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MQTTnet.Server;
using SafeCommunity.Iot.Protocol.Link;
using SafeCommunity.Iot.Receivers.LoRaWan.NetworkServers;
using SafeCommunity.Iot.Simulator.Cli;
using SafeCommunity.Iot.Simulator.Running;
using SafeCommunity.Iot.Simulator.Tests.Support;

namespace SafeCommunity.Iot.Simulator.Tests.Running;

public sealed class SimulationRunnerTests
{
    [Fact]
    public async Task Run_SerialAndMqtt_SendsBothWays_AndStopsAfterTheDuration()
    {
        var port = FreePort();
        using var broker = new MqttServerFactory().CreateMqttServer(new MqttServerOptionsBuilder()
            .WithDefaultEndpoint().WithDefaultEndpointPort(port)
            .WithDefaultEndpointBoundIPAddress(IPAddress.Loopback).WithDefaultEndpointBoundIPV6Address(IPAddress.None).Build());
        var published = new ConcurrentQueue<(string Topic, byte[] Payload)>();
        broker.InterceptingPublishAsync += e =>
        {
            published.Enqueue((e.ApplicationMessage.Topic, System.Buffers.BuffersExtensions.ToArray(e.ApplicationMessage.Payload)));
            return Task.CompletedTask;
        };
        await broker.StartAsync();
        await using var pair = await SocatPair.StartAsync();
        using var gatewayEnd = new System.IO.Ports.SerialPort(pair.GatewayPath, 115200) { Handshake = System.IO.Ports.Handshake.None };
        gatewayEnd.Open();
        var records = new LinkRecords();
        var received = new List<DecodedRecord>();
        using var reading = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var reader = Task.Run(async () =>
        {
            var buffer = new byte[1024];
            while (!reading.IsCancellationRequested)
            {
                var read = await gatewayEnd.BaseStream.ReadAsync(buffer, reading.Token);
                lock (received)
                {
                    received.AddRange(records.Feed(buffer.AsSpan(0, read)));
                }
            }
        });

        var options = new SimulatorOptions
        {
            SeedFile = TestFleet.SeedPath,
            BaseStations = [new SerialBinding("wufu-gate-north", pair.SimulatorPath)],
            MqttPort = port,
            Scenarios = ["normal"],
            Speed = 20,
            Duration = TimeSpan.FromSeconds(3),
            CounterBase = 100,
        };
        var output = new StringWriter();
        var error = new StringWriter();
        int exitCode;
        await using (var runner = new SimulationRunner(options, output, error))
        {
            exitCode = await runner.RunAsync(CancellationToken.None);
        }

        // The last records may still be on their way through the pseudo-terminal.
        for (var wait = 0; wait < 200 && !HasReception(); wait++)
        {
            await Task.Delay(50);
        }

        await reading.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reader);

        Assert.Equal(0, exitCode);
        Assert.Equal("", error.ToString());
        var text = output.ToString();
        Assert.Contains("[simulator] normal: ▶ a normal day", text, StringComparison.Ordinal);
        Assert.Contains("--duration 00:00:03 has passed.", text, StringComparison.Ordinal);
        Assert.Contains("in all:", text, StringComparison.Ordinal);

        // 3 s at speed 20 is a minute of the fleet's day: every LoRaWAN device has spoken at least once.
        Assert.True(published.Count > 100, $"{published.Count} uplinks published");
        Assert.All(published, m => Assert.True(LoRaWanMessageParser.Parse(m.Topic, m.Payload).IsUplink));
        Assert.Equal(72, published.Select(m => m.Topic).Distinct().Count());

        bool HasReception()
        {
            lock (received)
            {
                return received.Exists(r => r.Type == LinkRecordType.RadioReception);
            }
        }

        lock (received)
        {
            Assert.Equal(0, records.Statistics.RejectedTotal);
            Assert.Equal(LinkRecordType.ReceiverStatus, received[0].Type);
            Assert.Equal(ReceiverStatusFlags.Hello, received[0].Status!.Value.Flags);
            Assert.Contains(received, r => r.Type == LinkRecordType.RadioReception);
        }
    }

    [Fact]
    public async Task Run_MissingPty_FailsWithWhatToDo()
    {
        var options = new SimulatorOptions
        {
            SeedFile = TestFleet.SeedPath,
            BaseStations = [new SerialBinding("wufu-gate-north", "/tmp/no-such-dir/sim-base")],
            Mqtt = false,
        };
        var error = new StringWriter();
        await using var runner = new SimulationRunner(options, new StringWriter(), error);

        Assert.Equal(SimulationRunner.Failure, await runner.RunAsync(CancellationToken.None));
        Assert.Contains("/tmp/no-such-dir/sim-base does not exist", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("socat", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_UnknownBaseStation_ListsTheRealOnes()
    {
        var options = new SimulatorOptions
        {
            SeedFile = TestFleet.SeedPath,
            BaseStations = [new SerialBinding("wufu-gate-west", "/tmp/x")],
        };
        var error = new StringWriter();
        await using var runner = new SimulationRunner(options, new StringWriter(), error);

        Assert.Equal(SimulationRunner.Failure, await runner.RunAsync(CancellationToken.None));
        Assert.Contains("no receiver 'wufu-gate-west'", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("wufu-gate-south", error.ToString(), StringComparison.Ordinal);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
