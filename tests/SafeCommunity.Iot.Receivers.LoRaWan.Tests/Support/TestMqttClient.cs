using System.Collections.Concurrent;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace SafeCommunity.Iot.Receivers.LoRaWan.Tests.Support;

/// <summary>What mosquitto_pub / mosquitto_sub do, with MQTTnet: a network server publishing uplinks, or listening for downlinks.</summary>
internal sealed class TestMqttClient : IAsyncDisposable
{
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();

    private TestMqttClient()
    {
    }

    public ConcurrentQueue<MqttApplicationMessage> Received { get; } = new();

    public static async Task<TestMqttClient> ConnectAsync(int port, string? username = null, string? password = null)
    {
        var client = new TestMqttClient();
        client._client.ApplicationMessageReceivedAsync += e =>
        {
            client.Received.Enqueue(e.ApplicationMessage);
            return Task.CompletedTask;
        };
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", port)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithClientId($"test-{Guid.NewGuid():N}")
            .WithCleanStart(true);
        if (username is not null)
        {
            builder.WithCredentials(username, password ?? string.Empty);
        }

        var result = await client._client.ConnectAsync(builder.Build());
        Assert.Equal(MqttClientConnectResultCode.Success, result.ResultCode);
        return client;
    }

    public async Task PublishAsync(string topic, string payload, MqttQualityOfServiceLevel qos = MqttQualityOfServiceLevel.AtLeastOnce)
    {
        var result = await _client.PublishStringAsync(topic, payload, qos);
        Assert.True(result.ReasonCode is MqttClientPublishReasonCode.Success or MqttClientPublishReasonCode.NoMatchingSubscribers, $"publish: {result.ReasonCode}");
    }

    public async Task SubscribeAsync(string filter)
    {
        await _client.SubscribeAsync(filter, MqttQualityOfServiceLevel.AtLeastOnce);
    }

    public async Task<MqttApplicationMessage> WaitForMessageAsync(TimeSpan? timeout = null)
    {
        MqttApplicationMessage? message = null;
        await Eventually.TrueAsync(() => Received.TryDequeue(out message), timeout ?? TimeSpan.FromSeconds(30), "an MQTT message");
        return message!;
    }

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
        {
            await _client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build());
        }

        _client.Dispose();
    }
}
