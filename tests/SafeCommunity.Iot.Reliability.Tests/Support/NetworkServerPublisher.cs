using MQTTnet;
using MQTTnet.Protocol;

namespace SafeCommunity.Iot.Reliability.Tests.Support;

/// <summary>
/// Publishes uplinks with QoS 1 as a LoRaWAN network server's MQTT integration does, and records which of them the
/// broker acknowledged (PUBACK). When the broker is away it reconnects and publishes the same uplink again until it is
/// acknowledged, so every uplink it returns from is one the broker took responsibility for.
/// </summary>
internal sealed class NetworkServerPublisher : IAsyncDisposable
{
    private readonly int _port;
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private readonly List<ScriptedUplink> _acknowledged = [];

    public NetworkServerPublisher(int port) => _port = port;

    /// <summary>The uplinks the broker acknowledged, in the order they were published.</summary>
    public IReadOnlyList<ScriptedUplink> Acknowledged
    {
        get
        {
            lock (_acknowledged)
            {
                return [.. _acknowledged];
            }
        }
    }

    /// <summary>How many publishes failed and were sent again (the broker was away).</summary>
    public int Retries { get; private set; }

    /// <summary>Publishes <paramref name="uplink"/> until the broker acknowledges it.</summary>
    public async Task PublishAsync(ScriptedUplink uplink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(uplink);
        var message = new MqttApplicationMessageBuilder()
            .WithTopic(uplink.Topic)
            .WithPayload(uplink.Json)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                if (!_client.IsConnected)
                {
                    await _client.ConnectAsync(
                        new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", _port).WithClientId("network-server").WithTimeout(TimeSpan.FromSeconds(5)).Build(),
                        cancellationToken);
                }

                var result = await _client.PublishAsync(message, cancellationToken);
                if (result.ReasonCode is MqttClientPublishReasonCode.Success or MqttClientPublishReasonCode.NoMatchingSubscribers)
                {
                    lock (_acknowledged)
                    {
                        _acknowledged.Add(uplink);
                    }

                    return;
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // The broker is away (or went away mid-publish): publish the same uplink again once it is back.
            }

            Retries++;
            await Task.Delay(100, cancellationToken);
        }
    }

    /// <summary>Publishes <paramref name="script"/> in order at about 400 uplinks a second (20, then a 50 ms pause).</summary>
    public async Task PublishPacedAsync(IReadOnlyList<ScriptedUplink> script)
    {
        ArgumentNullException.ThrowIfNull(script);
        for (var i = 0; i < script.Count; i++)
        {
            await PublishAsync(script[i], CancellationToken.None);
            if (i % 20 == 19)
            {
                await Task.Delay(50);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
        {
            await _client.DisconnectAsync();
        }

        _client.Dispose();
    }
}
