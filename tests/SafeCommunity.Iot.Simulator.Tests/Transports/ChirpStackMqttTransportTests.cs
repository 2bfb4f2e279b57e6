using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MQTTnet;
using MQTTnet.Protocol;
using MQTTnet.Server;
using SafeCommunity.Iot.Simulator.Transports;

namespace SafeCommunity.Iot.Simulator.Tests.Transports;

public sealed class ChirpStackMqttTransportTests
{
    private const string Filter = "application/+/device/+/event/up";

    [Fact]
    public async Task Enqueue_PublishesWithQos1_InOrder()
    {
        var port = FreePort();
        using var broker = await StartBrokerAsync(port);
        await using var subscriber = await Subscriber.ConnectAsync(port);
        await using var transport = new ChirpStackMqttTransport("127.0.0.1", port);
        transport.Start();

        var sent = Enumerable.Range(1, 20).Select(i => Message(i)).ToList();
        sent.ForEach(m => Assert.True(transport.Enqueue(m)));

        Assert.True(await transport.DrainAsync(TimeSpan.FromSeconds(10)));
        await subscriber.WaitForAsync(20);
        Assert.Equal(20, transport.Published);
        Assert.Equal(0, transport.NoSubscribers);
        Assert.Equal(sent.Select(m => m.Topic), subscriber.Received.Select(m => m.Topic));
        Assert.All(subscriber.Received, m => Assert.Equal(MqttQualityOfServiceLevel.AtLeastOnce, m.QualityOfServiceLevel));
        Assert.Equal(sent[0].Payload, System.Buffers.BuffersExtensions.ToArray(subscriber.Received.First().Payload));
    }

    [Fact]
    public async Task BrokerStartsLater_MessagesWaitAndGoOutOnceConnected()
    {
        var port = FreePort();
        await using var transport = new ChirpStackMqttTransport("127.0.0.1", port);
        transport.Start();
        Assert.True(transport.Enqueue(Message(1)));
        Assert.True(transport.Enqueue(Message(2)));
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (transport.LastError is null && waited.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(20);
        }

        Assert.False(transport.IsConnected);
        Assert.Contains($"cannot reach the MQTT broker at 127.0.0.1:{port}", transport.LastError ?? "", StringComparison.Ordinal);
        Assert.Equal(2, transport.Waiting);

        using var broker = await StartBrokerAsync(port);
        await using var subscriber = await Subscriber.ConnectAsync(port);

        Assert.True(await transport.DrainAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(2, transport.Published);
        Assert.True(transport.IsConnected);
    }

    private static ChirpStackMessage Message(int i)
    {
        var devEui = $"70b3d57e22{i:x6}";
        return new ChirpStackMessage(ChirpStackUplinkBuilder.Topic(devEui), [(byte)'{', (byte)'}'], devEui, (uint)i);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<MqttServer> StartBrokerAsync(int port)
    {
        var options = new MqttServerOptionsBuilder()
            .WithDefaultEndpoint()
            .WithDefaultEndpointPort(port)
            .WithDefaultEndpointBoundIPAddress(IPAddress.Loopback)
            .WithDefaultEndpointBoundIPV6Address(IPAddress.None)
            .Build();
        var server = new MqttServerFactory().CreateMqttServer(options);
        await server.StartAsync();
        return server;
    }

    private sealed class Subscriber : IAsyncDisposable
    {
        private readonly IMqttClient _client;

        private Subscriber(IMqttClient client) => _client = client;

        public ConcurrentQueue<MqttApplicationMessage> Received { get; } = new();

        public static async Task<Subscriber> ConnectAsync(int port)
        {
            var client = new MqttClientFactory().CreateMqttClient();
            var subscriber = new Subscriber(client);
            client.ApplicationMessageReceivedAsync += e =>
            {
                subscriber.Received.Enqueue(e.ApplicationMessage);
                return Task.CompletedTask;
            };
            await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId("test-subscriber").Build());
            await client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter(Filter, MqttQualityOfServiceLevel.AtLeastOnce).Build());
            return subscriber;
        }

        public async Task WaitForAsync(int count)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            while (Received.Count < count)
            {
                await Task.Delay(10, timeout.Token);
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _client.DisconnectAsync();
            _client.Dispose();
        }
    }
}
