using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MQTTnet;
using MQTTnet.Protocol;
using SafeCommunity.Iot.Contracts.V1;

namespace SafeCommunity.Iot.LoadTest.Measuring;

/// <summary>
/// Alarms seen as MQTT messages instead of the gateway's gRPC stream, for a consumer that is not the gateway (the
/// Node-RED flow of <c>bench/node-red</c>): subscribes to a topic filter at the broker with QoS 1 and hands every
/// message, stamped the moment it arrives, to the <see cref="AlarmMatcher"/>. A message is JSON with
/// <c>kind</c> (the alarm kinds of docs/alarms.md in kebab case: <c>sos</c>, <c>left-safe-zone</c>, ...), <c>device</c>
/// (the device id, a number) and optionally <c>event</c> (<c>raised</c> when left out, <c>updated</c>, ...).
/// </summary>
internal sealed class MqttAlarmWatch : IAlarmSource
{
    private readonly string _host;
    private readonly int _port;
    private readonly string _topicFilter;
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();

    /// <summary>Watches <paramref name="topicFilter"/> at the broker <paramref name="host"/>:<paramref name="port"/>.</summary>
    public MqttAlarmWatch(string host, int port, string topicFilter)
    {
        ArgumentException.ThrowIfNullOrEmpty(host);
        ArgumentException.ThrowIfNullOrEmpty(topicFilter);
        _host = host;
        _port = port;
        _topicFilter = topicFilter;
    }

    /// <inheritdoc />
    public int Resumes { get; private set; }

    /// <summary>Reads one alarm message; an unreadable one becomes an event with no alarm (counted as unexpected).</summary>
    public static AlarmEvent Parse(ReadOnlySequence<byte> payload)
    {
        try
        {
            var reader = new Utf8JsonReader(payload);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object ||
                !root.TryGetProperty("kind", out var kindText) || kindText.ValueKind != JsonValueKind.String ||
                !TryPascal<AlarmKind>(kindText.GetString()!, out var kind) ||
                !root.TryGetProperty("device", out var deviceValue) || !TryDevice(deviceValue, out var device))
            {
                return new AlarmEvent();
            }

            var type = AlarmEventType.Raised;
            if (root.TryGetProperty("event", out var eventText) &&
                (eventText.ValueKind != JsonValueKind.String || !TryPascal(eventText.GetString()!, out type)))
            {
                return new AlarmEvent();
            }

            return new AlarmEvent { Type = type, Alarm = new Alarm { Kind = kind, DeviceId = device } };
        }
        catch (JsonException)
        {
            return new AlarmEvent();
        }
    }

    /// <inheritdoc />
    public async Task WatchAsync(IAlarmSink sink, TaskCompletionSource live, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(live);
        _client.ApplicationMessageReceivedAsync += e =>
        {
            var receivedAt = Stopwatch.GetTimestamp();
            sink.EventReceived(Parse(e.ApplicationMessage.Payload), receivedAt);
            return Task.CompletedTask;
        };
        var options = new MqttClientOptionsBuilder()
            .WithTcpServer(_host, _port)
            .WithClientId(string.Create(CultureInfo.InvariantCulture, $"safecomm-loadtest-alarms-{Environment.ProcessId}"))
            .WithCleanSession(true)
            .Build();
        var subscription = new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter(f => f.WithTopic(_topicFilter).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce))
            .Build();
        var connected = false;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (!_client.IsConnected)
                {
                    if (connected)
                    {
                        Resumes++;
                    }

                    var result = await _client.ConnectAsync(options, cancellationToken);
                    if (result.ResultCode != MqttClientConnectResultCode.Success)
                    {
                        throw new InvalidOperationException($"the broker refused the alarm watch's connection: {result.ResultCode}");
                    }

                    var granted = await _client.SubscribeAsync(subscription, cancellationToken);
                    if (granted.Items.Any(i => i.ResultCode is not (MqttClientSubscribeResultCode.GrantedQoS0 or MqttClientSubscribeResultCode.GrantedQoS1 or MqttClientSubscribeResultCode.GrantedQoS2)))
                    {
                        throw new InvalidOperationException($"the broker refused the subscription to {_topicFilter}");
                    }

                    connected = true;
                    live.TrySetResult();
                }

                await Task.Delay(100, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (!connected && ex is MQTTnet.Exceptions.MqttCommunicationException or InvalidOperationException)
            {
                live.TrySetException(new InvalidOperationException($"the alarm watch on MQTT {_host}:{_port} failed: {ex.Message}", ex));
                throw;
            }
            catch (Exception ex) when (ex is MQTTnet.Exceptions.MqttCommunicationException or InvalidOperationException)
            {
                // Lost after it was live: reconnect (alarms published meanwhile are missing, and the report says it resumed).
                await Task.Delay(100, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }

        if (_client.IsConnected)
        {
            await _client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build(), CancellationToken.None);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _client.Dispose();

    private static bool TryDevice(JsonElement value, out uint device)
    {
        device = 0;
        return value.ValueKind switch
        {
            JsonValueKind.Number => value.TryGetUInt32(out device),
            JsonValueKind.String => uint.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out device),
            _ => false,
        } && device != 0;
    }

    /// <summary>kebab-case (<c>left-safe-zone</c>) to the enum member (<c>LeftSafeZone</c>); never the unspecified 0.</summary>
    private static bool TryPascal<T>(string kebab, out T value)
        where T : struct, Enum
    {
        var pascal = string.Concat(kebab.Split('-').Where(p => p.Length > 0).Select(p => char.ToUpperInvariant(p[0]) + p[1..].ToLowerInvariant()));
        value = default;
        return pascal.Length > 0 && pascal.All(char.IsAsciiLetter) && Enum.TryParse(pascal, ignoreCase: false, out value) &&
            Enum.IsDefined(value) && Convert.ToInt32(value, CultureInfo.InvariantCulture) != 0;
    }
}
