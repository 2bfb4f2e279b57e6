using MQTTnet;
using MQTTnet.Protocol;

namespace SafeCommunity.Iot.LoadTest.Traffic;

/// <summary>
/// Finds out whether the gateway's LoRaWAN receiver is subscribed: publishes an empty QoS 1 message on an uplink
/// topic until the broker no longer answers "no matching subscribers" (MQTT 5). The gateway takes the message as
/// not an uplink, counts it among the LoRaWAN receiver's rejected messages and acknowledges it; the pipeline never
/// sees it.
/// </summary>
internal static class SubscriberProbe
{
    /// <summary>The probe's topic: an uplink topic of no real application or device.</summary>
    public const string Topic = "application/loadtest-probe/device/0000000000000000/event/up";

    /// <summary>Waits until a subscriber takes uplinks at <paramref name="host"/>:<paramref name="port"/>.</summary>
    /// <exception cref="InvalidOperationException">None within <paramref name="timeout"/>.</exception>
    public static async Task WaitForSubscriberAsync(string host, int port, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var options = new MqttClientOptionsBuilder()
            .WithTcpServer(host, port)
            .WithClientId($"safecomm-loadtest-probe-{Environment.ProcessId}")
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500)
            .Build();
        var probe = new MqttApplicationMessageBuilder()
            .WithTopic(Topic)
            .WithPayload("{}"u8.ToArray())
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
        var last = "no connection";
        try
        {
            while (true)
            {
                try
                {
                    if (!client.IsConnected)
                    {
                        await client.ConnectAsync(options, deadline.Token);
                    }

                    var result = await client.PublishAsync(probe, deadline.Token);
                    if (result.ReasonCode == MqttClientPublishReasonCode.Success)
                    {
                        await client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build(), cancellationToken);
                        return;
                    }

                    last = result.ReasonCode.ToString();
                }
                catch (Exception ex) when (ex is MQTTnet.Exceptions.MqttCommunicationException or InvalidOperationException)
                {
                    last = ex.Message;
                }

                await Task.Delay(100, deadline.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new InvalidOperationException($"the gateway did not subscribe at the MQTT broker {host}:{port} within {timeout.TotalSeconds:F0} s ({last})");
        }
    }
}
