using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Protocol;
using SafeCommunity.Iot.Core.Uplinks;
using SafeCommunity.Iot.Receivers.LoRaWan.Diagnostics;

namespace SafeCommunity.Iot.Receivers.LoRaWan.Mqtt;

/// <summary>
/// One MQTT connection: its own client instance (a PUBACK meant for this connection can never reach a later one,
/// where the broker may have reused the packet identifier), the messages awaiting acknowledgement, and the token
/// that stops handing uplinks over when the connection closes.
/// </summary>
internal sealed class MqttConnection : IDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    // Unbounded on purpose: what can wait here is bounded by the broker's in-flight window (Receive Maximum),
    // and Completed runs on a pipeline thread that must never block.
    private readonly Channel<MqttApplicationMessageReceivedEventArgs> _acknowledgements =
        Channel.CreateUnbounded<MqttApplicationMessageReceivedEventArgs>(new UnboundedChannelOptions { SingleReader = true });

    // Messages tracked in the order they arrived, until their turn to be acknowledged (or given up) comes.
    private readonly Queue<PendingAcknowledgement> _arrivalOrder = new();
    private readonly Lock _orderLock = new();
    private readonly CancellationTokenSource _closing;
    private readonly TaskCompletionSource _disconnected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly LoRaWanMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private Task _acknowledging = Task.CompletedTask;
    private int _outstanding;

    public MqttConnection(IMqttClient client, LoRaWanMetrics metrics, TimeProvider time, ILogger logger, CancellationToken stopping)
    {
        Client = client;
        _closing = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        _metrics = metrics;
        _time = time;
        _logger = logger;
        Client.DisconnectedAsync += _ =>
        {
            _disconnected.TrySetResult();
            return Task.CompletedTask;
        };
    }

    public IMqttClient Client { get; }

    /// <summary>Cancelled when this connection closes (or the gateway stops): uplinks are no longer handed over.</summary>
    public CancellationToken Closing => _closing.Token;

    /// <summary>QoS 1 messages handed to the pipeline and not yet acknowledged or given up.</summary>
    public int Outstanding => Volatile.Read(ref _outstanding);

    /// <summary>Starts sending acknowledgements (after the connection is up).</summary>
    public void StartAcknowledging() => _acknowledging = Task.Run(AcknowledgeAsync, CancellationToken.None);

    /// <summary>Tracks a QoS 1 message that becomes <paramref name="uplinks"/> raw uplinks; call in the order messages arrive.</summary>
    public MessageAcknowledgement Track(MqttApplicationMessageReceivedEventArgs message, int uplinks)
    {
        message.AutoAcknowledge = false;
        Interlocked.Increment(ref _outstanding);
        var pending = new PendingAcknowledgement(message);
        lock (_orderLock)
        {
            _arrivalOrder.Enqueue(pending);
        }

        return new MessageAcknowledgement(this, pending, uplinks);
    }

    /// <summary>
    /// Acknowledges a QoS 1 message the gateway will not hand over (not an uplink, misaddressed) in its turn, after
    /// every message that arrived before it.
    /// </summary>
    public void AcknowledgeInTurn(MqttApplicationMessageReceivedEventArgs message)
    {
        if (message.ApplicationMessage.QualityOfServiceLevel != MqttQualityOfServiceLevel.AtMostOnce)
        {
            Track(message, 1).Complete(UplinkOutcome.Accepted);
        }
    }

    /// <summary>
    /// Called once per tracked message, from a pipeline thread; never waits for I/O. MQTT requires a client to send
    /// PUBACKs in the order the PUBLISH packets arrived (MQTT 5.0 §4.6), while the pipeline completes uplinks in the
    /// order of its shards and batches: a message is acknowledged when it and every message before it are decided.
    /// </summary>
    public void Completed(PendingAcknowledgement pending, bool acknowledge)
    {
        lock (_orderLock)
        {
            pending.Decide(acknowledge);
            while (_arrivalOrder.TryPeek(out var head) && head.IsDecided)
            {
                _arrivalOrder.Dequeue();
                if (head.Acknowledge && _acknowledgements.Writer.TryWrite(head.Message))
                {
                    continue;
                }

                // Not acknowledged: the broker redelivers it when the gateway connects again.
                _metrics.MessageWithheld();
                Interlocked.Decrement(ref _outstanding);
            }
        }
    }

    /// <summary>Waits until the connection is lost; throws <see cref="OperationCanceledException"/> when <paramref name="stopping"/> fires.</summary>
    public async Task WaitUntilLostAsync(CancellationToken stopping)
    {
        // The client raises DisconnectedAsync only after the message handler returns, and a handler waiting on a
        // full pipeline can take a while: poll IsConnected too, so a dead connection is noticed and closed at once.
        while (Client.IsConnected)
        {
            try
            {
                await _disconnected.Task.WaitAsync(PollInterval, _time, stopping);
                return;
            }
            catch (TimeoutException)
            {
            }
        }
    }

    /// <summary>
    /// Closes the connection. When <paramref name="drain"/> is positive and the connection is still up (the gateway
    /// is stopping), first waits that long for uplinks in the pipeline to complete, so their messages are
    /// acknowledged instead of redelivered.
    /// </summary>
    /// <returns>How many messages stayed unacknowledged.</returns>
    public async Task<int> CloseAsync(TimeSpan drain)
    {
        await _closing.CancelAsync();
        if (drain > TimeSpan.Zero && Client.IsConnected)
        {
            var deadline = _time.GetTimestamp() + (long)(drain.TotalSeconds * _time.TimestampFrequency);
            while (Outstanding > 0 && Client.IsConnected && _time.GetTimestamp() < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20), _time, CancellationToken.None);
            }
        }

        _acknowledgements.Writer.TryComplete();
        await _acknowledging.WaitAsync(TimeSpan.FromSeconds(5), _time, CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        var unacknowledged = Outstanding;

        if (Client.IsConnected)
        {
            try
            {
                // A normal DISCONNECT keeps the session (its expiry was set when connecting).
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5), _time);
                await Client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().WithReason(MqttClientDisconnectOptionsReason.NormalDisconnection).Build(), timeout.Token);
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                LoRaWanLog.AcknowledgeFailed(_logger, exception);
            }
        }

        return unacknowledged;
    }

    public void Dispose()
    {
        _acknowledgements.Writer.TryComplete();
        Client.Dispose();
        _closing.Dispose();
    }

    private async Task AcknowledgeAsync()
    {
        await foreach (var message in _acknowledgements.Reader.ReadAllAsync())
        {
            try
            {
                await message.AcknowledgeAsync(CancellationToken.None);
                _metrics.MessageAcknowledged();
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                // The connection is gone: the broker redelivers the message after the next connect.
                _metrics.MessageWithheld();
                LoRaWanLog.AcknowledgeFailed(_logger, exception);
            }
            finally
            {
                Interlocked.Decrement(ref _outstanding);
            }
        }
    }
}
