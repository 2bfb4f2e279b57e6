using System.Globalization;
using System.Threading.Channels;
using MQTTnet;
using MQTTnet.Exceptions;
using MQTTnet.Protocol;

namespace SafeCommunity.Iot.Simulator.Transports;

/// <summary>
/// Publishes ChirpStack uplink events to an MQTT broker (the gateway's embedded one by default) with QoS 1, as
/// ChirpStack's MQTT integration does when set to QoS 1. Messages wait in a queue while the broker is unreachable;
/// the transport reconnects every <see cref="ReconnectDelay"/> and sends them in order once it is back. A full queue
/// drops the newest message and counts it (<see cref="Enqueue"/>), or makes the caller wait (<see cref="EnqueueWaiting"/>):
/// a network server that a broker slows down.
/// </summary>
public sealed class ChirpStackMqttTransport : IAsyncDisposable
{
    /// <summary>Time between connection attempts.</summary>
    public static readonly TimeSpan ReconnectDelay = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(10);

    private readonly string _host;
    private readonly int _port;
    private readonly string _clientId;
    private readonly Channel<ChirpStackMessage> _queue;
    private readonly CancellationTokenSource _stopping = new();
    private readonly IMqttClient _client;
    private Task? _loop;
    private long _published;
    private long _noSubscribers;
    private long _dropped;
    private long _refused;
    private long _connects;
    private string? _lastError;
    private volatile bool _inFlight;

    /// <summary>Creates the transport; it connects when started.</summary>
    public ChirpStackMqttTransport(string host, int port, string? clientId = null, int queueCapacity = 10_000)
    {
        ArgumentException.ThrowIfNullOrEmpty(host);
        ArgumentOutOfRangeException.ThrowIfLessThan(port, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        _host = host;
        _port = port;
        _clientId = clientId ?? string.Create(CultureInfo.InvariantCulture, $"safecomm-simulator-{Environment.ProcessId}");

        // Wait mode with TryWrite only: a full queue refuses the newest message (counted) instead of blocking the simulation.
        _queue = Channel.CreateBounded<ChirpStackMessage>(new BoundedChannelOptions(queueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
        _client = new MqttClientFactory().CreateMqttClient();
    }

    /// <summary>host:port of the broker.</summary>
    public string Endpoint => string.Create(CultureInfo.InvariantCulture, $"{_host}:{_port}");

    /// <summary>Whether it is connected now.</summary>
    public bool IsConnected => _client.IsConnected;

    /// <summary>Successful connections so far (1 after the first).</summary>
    public long Connects => Interlocked.Read(ref _connects);

    /// <summary>Messages the broker acknowledged.</summary>
    public long Published => Interlocked.Read(ref _published);

    /// <summary>Of <see cref="Published"/>, those the broker said nobody subscribed to (the gateway is not listening).</summary>
    public long NoSubscribers => Interlocked.Read(ref _noSubscribers);

    /// <summary>Messages dropped because the queue was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Messages the broker refused.</summary>
    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>Messages waiting.</summary>
    public int Waiting => _queue.Reader.Count;

    /// <summary>Why the last connection attempt or publish failed, if it did.</summary>
    public string? LastError => Volatile.Read(ref _lastError);

    /// <summary>Starts connecting and publishing in the background.</summary>
    public void Start()
    {
        if (_loop is not null)
        {
            throw new InvalidOperationException("The transport has started already.");
        }

        _loop = Task.Run(() => RunAsync(_stopping.Token));
    }

    /// <summary>Queues a message; false when the queue is full (the message is dropped).</summary>
    public bool Enqueue(ChirpStackMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (_queue.Writer.TryWrite(message))
        {
            return true;
        }

        Interlocked.Increment(ref _dropped);
        return false;
    }

    /// <summary>
    /// Queues a message, blocking the calling thread while the queue is full (the broker is holding this publisher
    /// back); returns how long it waited.
    /// </summary>
    public TimeSpan EnqueueWaiting(ChirpStackMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (_queue.Writer.TryWrite(message))
        {
            return TimeSpan.Zero;
        }

        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        _queue.Writer.WriteAsync(message, cancellationToken).AsTask().GetAwaiter().GetResult();
        return System.Diagnostics.Stopwatch.GetElapsedTime(started);
    }

    /// <summary>Waits until the queue is empty and the last message acknowledged, at most <paramref name="timeout"/>.</summary>
    public async Task<bool> DrainAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (_queue.Reader.Count > 0 || _inFlight)
        {
            if (DateTime.UtcNow > deadline || _loop is null || _loop.IsCompleted)
            {
                return false;
            }

            await Task.Delay(10, cancellationToken);
        }

        return true;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _stopping.CancelAsync();
        if (_loop is not null && await Task.WhenAny(_loop, Task.Delay(TimeSpan.FromSeconds(5))) == _loop)
        {
            try
            {
                await _loop;
            }
            catch (OperationCanceledException)
            {
            }
        }

        if (_client.IsConnected)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build(), timeout.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or MqttCommunicationException or InvalidOperationException)
            {
            }
        }

        _client.Dispose();
        _stopping.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var options = new MqttClientOptionsBuilder()
            .WithTcpServer(_host, _port)
            .WithClientId(_clientId)
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500)
            .WithCleanStart(true)
            .WithTimeout(TimeSpan.FromSeconds(5))
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(30))
            .Build();
        ChirpStackMessage? pending = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            if (!_client.IsConnected && !await TryConnectAsync(options, cancellationToken))
            {
                await Task.Delay(ReconnectDelay, cancellationToken);
                continue;
            }

            if (pending is null)
            {
                if (!await _queue.Reader.WaitToReadAsync(cancellationToken))
                {
                    return;
                }

                if (!_queue.Reader.TryRead(out pending))
                {
                    continue;
                }
            }

            _inFlight = true;
            try
            {
                var message = new MqttApplicationMessageBuilder()
                    .WithTopic(pending.Topic)
                    .WithPayload(pending.Payload)
                    .WithContentType("application/json")
                    .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                    .Build();
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(PublishTimeout);
                var result = await _client.PublishAsync(message, timeout.Token);
                switch (result.ReasonCode)
                {
                    case MqttClientPublishReasonCode.Success:
                        Interlocked.Increment(ref _published);
                        break;
                    case MqttClientPublishReasonCode.NoMatchingSubscribers:
                        Interlocked.Increment(ref _published);
                        Interlocked.Increment(ref _noSubscribers);
                        break;
                    default:
                        Interlocked.Increment(ref _refused);
                        Volatile.Write(ref _lastError, $"the broker refused a message: {result.ReasonCode} {result.ReasonString}".TrimEnd());
                        break;
                }

                pending = null;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException && !(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
            {
                // Not acknowledged: keep the message and send it again once connected (QoS 1 allows the duplicate).
                Volatile.Write(ref _lastError, "publishing failed: " + ex.Message);
                if (_client.IsConnected)
                {
                    await Task.Delay(ReconnectDelay, cancellationToken);
                }
            }
            finally
            {
                _inFlight = pending is not null;
            }
        }
    }

    private async Task<bool> TryConnectAsync(MqttClientOptions options, CancellationToken cancellationToken)
    {
        try
        {
            var result = await _client.ConnectAsync(options, cancellationToken);
            if (result.ResultCode != MqttClientConnectResultCode.Success)
            {
                Volatile.Write(ref _lastError, $"the broker at {Endpoint} refused the connection: {result.ResultCode} {result.ReasonString}".TrimEnd());
                return false;
            }

            Interlocked.Increment(ref _connects);
            Volatile.Write(ref _lastError, null);
            return true;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException && !(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            Volatile.Write(ref _lastError, $"cannot reach the MQTT broker at {Endpoint}: {ex.Message}");
            return false;
        }
    }
}
