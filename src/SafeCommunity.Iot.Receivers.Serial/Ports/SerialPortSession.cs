using System.Globalization;
using Microsoft.Extensions.Logging;
using SafeCommunity.Iot.Core.Receivers;
using SafeCommunity.Iot.Receivers.Serial.Diagnostics;

namespace SafeCommunity.Iot.Receivers.Serial.Ports;

/// <summary>
/// Keeps one serial port open across unplug and replug: opens it, hands it to a handler, watches it, and when it
/// fails closes it and opens it again.
/// </summary>
/// <remarks>
/// <para>A connection ends when the handler's read fails or returns nothing (end of stream), when the device path
/// vanishes or leads to another device (checked every <see cref="SerialPortSessionSettings.PathCheckInterval"/>), or
/// when nothing arrives for <see cref="SerialPortSessionSettings.Watchdog"/>. The port is then disposed, which also ends a
/// read that hangs after an unplug (dotnet/runtime #2077: the port may still say it is open).</para>
/// <para>While the device path is missing the session polls for it every
/// <see cref="SerialPortSessionSettings.DeviceWaitInterval"/> and opens it as soon as it is back, without backoff.
/// Other failures (the path is there but cannot be opened, or the link keeps failing) back off exponentially with
/// jitter; a connection that came up (the handler reported it connected: a module accepted its configuration) and
/// delivered data resets the backoff.</para>
/// </remarks>
internal sealed class SerialPortSession
{
    private readonly SerialPortSessionSettings _settings;
    private readonly ISerialStreamFactory _factory;
    private readonly ISerialConnectionHandler _handler;
    private readonly ReceiverStatusBoard _board;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly SerialReceiverMetrics _metrics;
    private long _connections;

    /// <summary>Creates a session; nothing happens until <see cref="RunAsync"/>.</summary>
    public SerialPortSession(
        SerialPortSessionSettings settings,
        ISerialStreamFactory factory,
        ISerialConnectionHandler handler,
        ReceiverStatusBoard board,
        TimeProvider clock,
        ILogger logger,
        SerialReceiverMetrics metrics)
    {
        _settings = settings;
        _factory = factory;
        _handler = handler;
        _board = board;
        _clock = clock;
        _logger = logger;
        _metrics = metrics;
    }

    private string ReceiverId => _settings.ReceiverId;

    /// <summary>Runs until <paramref name="stoppingToken"/> is cancelled. Never throws anything else.</summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        SetLink(ReceiverLink.Connecting, "opening " + _settings.Path);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (_factory.ResolveDevice(_settings.Path) is null)
                {
                    SetLink(ReceiverLink.Disconnected, "device path missing (unplugged?)");
                    PortLog.WaitingForDevice(_logger, ReceiverId, _settings.Path);
                    await WaitForDeviceAsync(stoppingToken);
                    PortLog.DeviceAppeared(_logger, ReceiverId, _settings.Path);
                    failures = 0;
                }

                var outcome = await ConnectOnceAsync(stoppingToken);
                if (stoppingToken.IsCancellationRequested)
                {
                    break;
                }

                if (outcome.WasHealthy)
                {
                    failures = 0;
                }

                SetLink(ReceiverLink.Disconnected, outcome.Reason);
                if (outcome.DeviceGone)
                {
                    // Unplugged: wait for the path to come back instead of backing off blindly.
                    PortLog.Lost(_logger, ReceiverId, _settings.Path, outcome.Reason, TimeSpan.Zero);
                    continue;
                }

                var delay = _settings.Backoff.Delay(failures++);
                PortLog.Lost(_logger, ReceiverId, _settings.Path, outcome.Reason, delay);
                await Task.Delay(delay, _clock, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // A bug in a handler must not take the gateway down: log it and try again later.
                var delay = _settings.Backoff.Delay(failures++);
                PortLog.Crashed(_logger, ex, ReceiverId, _settings.Path, delay);
                SetLink(ReceiverLink.Disconnected, "internal error: " + ex.Message);
                try
                {
                    await Task.Delay(delay, _clock, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }

        SetLink(ReceiverLink.Disconnected, "stopped");
    }

    private async Task WaitForDeviceAsync(CancellationToken stoppingToken)
    {
        while (_factory.ResolveDevice(_settings.Path) is null)
        {
            await Task.Delay(_settings.DeviceWaitInterval, _clock, stoppingToken);
        }
    }

    private async Task<ConnectionOutcome> ConnectOnceAsync(CancellationToken stoppingToken)
    {
        var device = _factory.ResolveDevice(_settings.Path);
        SetLink(ReceiverLink.Connecting, "opening " + _settings.Path);
        Stream stream;
        try
        {
            stream = _factory.Open(_settings.Path, _settings.BaudRate);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
        {
            return new ConnectionOutcome("open failed: " + ex.Message, WasHealthy: false, DeviceGone: _factory.ResolveDevice(_settings.Path) is null);
        }

        PortLog.Opened(_logger, ReceiverId, _settings.Path, device ?? "?");
        using var connectionCts = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var connection = new SerialConnection(ReceiverId, stream, _clock, OnConnected);
        var handlerTask = Task.Run(() => RunHandlerAsync(connection, connectionCts.Token), CancellationToken.None);
        var monitorTask = MonitorAsync(connection, device, connectionCts.Token);

        var first = await Task.WhenAny(handlerTask, (Task)monitorTask);
        var monitorReason = first == monitorTask ? await monitorTask : null;

        // Cancel the pending read and close the port: disposing is what ends a read that hangs after an unplug.
        await connectionCts.CancelAsync();
        await DisposeQuietlyAsync(stream);

        string reason;
        if (first == handlerTask)
        {
            reason = await handlerTask;
        }
        else
        {
            reason = monitorReason ?? "closed";
            var stopped = await Task.WhenAny(handlerTask, Task.Delay(_settings.HandlerStopTimeout, _clock, CancellationToken.None));
            if (stopped != handlerTask)
            {
                PortLog.HandlerStuck(_logger, ReceiverId, _settings.Path);
            }
        }

        await monitorTask;
        return new ConnectionOutcome(reason, connection.WasHealthy, _factory.ResolveDevice(_settings.Path) is null);
    }

    private async Task<string> RunHandlerAsync(SerialConnection connection, CancellationToken cancellationToken)
    {
        try
        {
            await _handler.RunAsync(connection, cancellationToken);
            return "end of stream (the device closed the link)";
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return "closed";
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException or UnauthorizedAccessException)
        {
            return "port error: " + ex.Message;
        }
        catch (Exception ex) when (ex is TimeoutException or ReceiverLinkException)
        {
            return ex.Message;
        }
    }

    private async Task<string?> MonitorAsync(SerialConnection connection, string? device, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await Task.Delay(_settings.PathCheckInterval, _clock, cancellationToken);
                var now = _factory.ResolveDevice(_settings.Path);
                if (now is null)
                {
                    return "device path vanished (unplugged?)";
                }

                if (device is not null && !string.Equals(now, device, StringComparison.Ordinal))
                {
                    return "device path now leads to another device (replugged)";
                }

                var silence = _clock.GetUtcNow() - connection.LastActivityAt;
                if (silence >= _settings.Watchdog)
                {
                    return string.Create(CultureInfo.InvariantCulture, $"no data for {silence.TotalSeconds:F0} s (watchdog)");
                }
            }
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    private void OnConnected(string? detail)
    {
        var reconnect = Interlocked.Increment(ref _connections) > 1;
        if (reconnect)
        {
            _metrics.Reconnect(ReceiverId);
        }

        _board.Update(ReceiverId, h => h with
        {
            Link = ReceiverLink.Connected,
            Detail = detail,
            Reconnects = reconnect ? h.Reconnects + 1 : h.Reconnects,
        });
        PortLog.Connected(_logger, ReceiverId, _settings.Path, detail ?? "open");
    }

    private void SetLink(ReceiverLink link, string? detail) =>
        _board.Update(ReceiverId, h => h with { Link = link, Detail = detail });

    private static async ValueTask DisposeQuietlyAsync(Stream stream)
    {
        try
        {
            await stream.DisposeAsync();
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or UnauthorizedAccessException or InvalidOperationException)
        {
            // The device is gone; the handle is released anyway.
        }
    }

    private readonly record struct ConnectionOutcome(string Reason, bool WasHealthy, bool DeviceGone);
}
