using Microsoft.Extensions.Logging.Abstractions;
using MQTTnet;
using MQTTnet.Formatter;
using SafeCommunity.Iot.Receivers.LoRaWan.Hosting;
using SafeCommunity.Iot.Receivers.LoRaWan.Mqtt;

namespace SafeCommunity.Iot.Receivers.LoRaWan.Tests.Mqtt;

public sealed class MqttClientOptionsFactoryTests
{
    [Fact]
    public void Create_PersistentMqtt5SessionWithTheConfiguredWindow()
    {
        var options = new LoRaWanOptions { Host = "broker.example", Port = 1883, ClientId = "gw-wufu", ReceiveMaximum = 1000 };

        var client = MqttClientOptionsFactory.Create(options, BrokerEndpoint.From(options), NullLogger.Instance);

        Assert.Equal(MqttProtocolVersion.V500, client.ProtocolVersion);
        Assert.False(client.CleanSession);
        Assert.True(client.SessionExpiryInterval > 0);
        Assert.Equal("gw-wufu", client.ClientId);
        Assert.Equal(1000, client.ReceiveMaximum);
    }

    [Fact]
    public void Create_SocketBuffersHoldABacklogOfUplinks()
    {
        // MQTTnet's 8 KiB default pins the TCP window: under a backlog Mosquitto 2.0 then trickled about 20 uplinks a
        // second to an idle gateway (BENCHMARKS.md, "Mosquitto"). The window must hold many 1.5 KiB uplinks.
        var options = new LoRaWanOptions { Host = "broker.example" };

        var client = MqttClientOptionsFactory.Create(options, BrokerEndpoint.From(options), NullLogger.Instance);

        var tcp = Assert.IsType<MqttClientTcpOptions>(client.ChannelOptions);
        Assert.True(tcp.BufferSize >= 1024 * 1024, $"socket buffers of {tcp.BufferSize} bytes");
    }
}
