using System.Globalization;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using SafeCommunity.Iot.Core.Diagnostics;
using SafeCommunity.Iot.Core.Receivers;
using SafeCommunity.Iot.Core.Uplinks;
using SafeCommunity.Iot.Receivers.Serial.Diagnostics;
using SafeCommunity.Iot.Receivers.Serial.Ports;

namespace SafeCommunity.Iot.Receivers.Serial.LoRaP2P;

/// <summary>
/// Drives one RAK3172 (RUI3 AT firmware) over an open port: configures LoRa P2P continuous receive, turns
/// <c>+EVT:RXP2P</c> lines into <see cref="RawUplink"/>s, re-arms after a receive timeout, and configures the module
/// again when it restarts.
/// </summary>
/// <remarks>
/// Two loops share a connection. The reader cuts lines, answers the pending command with <c>OK</c> or an error
/// code, hands packets to the pipeline and signals events. The controller sends commands one at a time:
/// the configuration (<c>AT</c>, <c>AT+PRECV=0</c>, <c>AT+NWM=0</c>, <c>AT+P2P=...</c>, <c>AT+PRECV=65534</c>),
/// re-arming, re-configuration after a restart banner, and an <c>AT</c> probe after a silence. A refused or
/// unanswered command ends the connection (logged with the command and the reply); the port session reopens the
/// port with backoff and everything starts again.
/// </remarks>
internal sealed class Rak3172Link : ISerialConnectionHandler
{
    private const int MaxBusyAttempts = 5;
    private static readonly TimeSpan BusyRetryDelay = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan StartupQuiet = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan WarningInterval = TimeSpan.FromSeconds(30);

    private readonly Rak3172ModuleOptions _module;
    private readonly TimeSpan _commandTimeout;
    private readonly TimeSpan _probeInterval;
    private readonly TimeSpan _restartSettle;
    private readonly IUplinkIngress _ingress;
    private readonly ReceiverStatusBoard _board;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly SerialReceiverMetrics _metrics;
    private readonly LogRateLimiter _warnings;

    /// <summary>Creates the driver of one module.</summary>
    public Rak3172Link(
        Rak3172ModuleOptions module,
        LoRaP2POptions options,
        IUplinkIngress ingress,
        ReceiverStatusBoard board,
        TimeProvider clock,
        ILogger logger,
        SerialReceiverMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(options);
        _module = module;
        _commandTimeout = TimeSpan.FromMilliseconds(options.CommandTimeoutMilliseconds);
        _probeInterval = TimeSpan.FromSeconds(options.ProbeIntervalSeconds);
        _restartSettle = TimeSpan.FromMilliseconds(options.RestartSettleMilliseconds);
        _ingress = ingress;
        _board = board;
        _clock = clock;
        _logger = logger;
        _metrics = metrics;
        _warnings = new LogRateLimiter(clock, WarningInterval);
    }

    private string ReceiverId => _module.ReceiverId;

    /// <summary>The no-data watchdog for the port session: well past a probe and its answer.</summary>
    public static TimeSpan WatchdogFor(LoRaP2POptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return (TimeSpan.FromSeconds(options.ProbeIntervalSeconds) * 2) + (TimeSpan.FromMilliseconds(options.CommandTimeoutMilliseconds) * 2);
    }

    /// <inheritdoc />
    public async Task RunAsync(SerialConnection connection, CancellationToken cancellationToken)
    {
        var module = new ModuleConnection(connection);
        using var linkCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var reader = ReadAsync(module, linkCts.Token);
        var controller = ControlAsync(module, linkCts.Token);
        var first = await Task.WhenAny(reader, controller);
        await linkCts.CancelAsync();
        var other = first == reader ? controller : reader;
        try
        {
            // The other loop ends on the cancellation; a read that ignores it ends when the session closes the port.
            await other.WaitAsync(TimeSpan.FromSeconds(2), _clock, CancellationToken.None);
        }
        catch (Exception ex) when (ex is OperationCanceledException or TimeoutException or IOException or ObjectDisposedException or ReceiverLinkException)
        {
        }

        // Rethrows the failure that ended the connection, or returns when the reader saw the end of the stream.
        await first;
    }

    private async Task ReadAsync(ModuleConnection module, CancellationToken cancellationToken)
    {
        var lines = new LineBuffer();
        var buffer = new byte[512];
        while (true)
        {
            var read = await module.Connection.Stream.ReadAsync(buffer, cancellationToken);
            if (read == 0)
            {
                return;
            }

            module.Connection.MarkActivity();
            var offset = 0;
            while (offset < read)
            {
                var overflows = lines.Overflows;
                var text = lines.Read(buffer.AsSpan(offset, read - offset), out var consumed);
                offset += consumed;
                if (lines.Overflows != overflows)
                {
                    OnUnusable("a line longer than 1024 characters");
                }

                if (text is not null)
                {
                    await OnLineAsync(module, Rak3172LineParser.Parse(text), cancellationToken);
                }
            }
        }
    }

    private async ValueTask OnLineAsync(ModuleConnection module, Rak3172Line line, CancellationToken cancellationToken)
    {
        Rak3172Log.Received(_logger, ReceiverId, line.Text);
        switch (line.Kind)
        {
            case Rak3172LineKind.Ok or Rak3172LineKind.Error:
                module.CompleteCommand(line);
                break;
            case Rak3172LineKind.Reception:
                module.LegacyHeader = null;
                await EmitAsync(line.Payload!, line.RssiDbm, line.SnrDb, cancellationToken);
                break;
            case Rak3172LineKind.LegacyReceptionHeader:
                module.LegacyHeader = line;
                break;
            case Rak3172LineKind.LegacyPayload when module.LegacyHeader is { } header:
                module.LegacyHeader = null;
                await EmitAsync(line.Payload!, header.RssiDbm, header.SnrDb, cancellationToken);
                break;
            case Rak3172LineKind.LegacyPayload:
                OnUnusable("a payload line without its RXP2P header");
                break;
            case Rak3172LineKind.Malformed:
                OnUnusable(line.Reason);
                break;
            case Rak3172LineKind.ReceiveError:
                _board.Update(ReceiverId, static h => h with { RadioCrcErrors = (h.RadioCrcErrors ?? 0) + 1 });
                break;
            case Rak3172LineKind.ReceiveTimeout:
                module.Signal(ModuleSignal.Rearm, line.Text);
                break;
            case Rak3172LineKind.Restart:
                module.OnRestartText(line.Text);
                break;
            default:
                break;
        }
    }

    private async ValueTask EmitAsync(byte[] payload, int rssiDbm, int snrDb, CancellationToken cancellationToken)
    {
        var uplink = new RawUplink(ReceiverId, _clock.GetUtcNow(), payload, UplinkTransport.LoRaP2P, rssiDbm, snrDb);
        _metrics.Reception(UplinkTransport.LoRaP2P);
        await _ingress.WriteAsync(uplink, cancellationToken);
    }

    private void OnUnusable(string? reason)
    {
        _board.Update(ReceiverId, static h => h with { LinkErrors = h.LinkErrors + 1 });
        _metrics.LinkError("rak3172_line");
        if (_warnings.TryAcquire(out var suppressed))
        {
            Rak3172Log.Malformed(_logger, ReceiverId, reason, suppressed);
        }
        else
        {
            Rak3172Log.MalformedQuietly(_logger, ReceiverId, reason);
        }
    }

    private async Task ControlAsync(ModuleConnection module, CancellationToken cancellationToken)
    {
        // Let whatever is still on its way from before the port was (re)opened arrive first: a late OK to a command
        // of the previous connection, or boot text, is ignored while no command is pending instead of being taken
        // for the answer to this connection's first command.
        await Task.Delay(StartupQuiet, _clock, cancellationToken);
        await ConfigureAsync(module, cancellationToken);
        while (true)
        {
            var (signal, text) = await module.WaitForSignalAsync(_probeInterval, _clock, cancellationToken);
            switch (signal)
            {
                case ModuleSignal.Restarted:
                    Rak3172Log.Restarted(_logger, ReceiverId, text ?? "");
                    _board.Update(ReceiverId, static h => h with { Link = ReceiverLink.Connecting, Detail = "module restarted; configuring it again" });
                    await module.WaitForWorkModeAsync(_restartSettle, _clock, cancellationToken);
                    await ConfigureAsync(module, cancellationToken);
                    break;
                case ModuleSignal.Rearm:
                    Rak3172Log.Rearming(_logger, ReceiverId);
                    await SendAsync(module, "AT+PRECV=65534", cancellationToken);
                    break;
                default:
                    var silence = _clock.GetUtcNow() - module.Connection.LastActivityAt;
                    if (silence >= _probeInterval)
                    {
                        // Continuous receive is silent while nobody transmits: ask whether the module is still there.
                        Rak3172Log.Probing(_logger, ReceiverId, silence);
                        await SendAsync(module, "AT", cancellationToken);
                    }

                    break;
            }
        }
    }

    private async Task ConfigureAsync(ModuleConnection module, CancellationToken cancellationToken)
    {
        module.BeginConfiguring();
        _board.Update(ReceiverId, static h => h with { Link = ReceiverLink.Connecting, Detail = "configuring LoRa P2P receive" });
        await SendAsync(module, "AT", cancellationToken);
        await SendAsync(module, "AT+PRECV=0", cancellationToken);
        module.ForgetWorkMode();
        await SendAsync(module, "AT+NWM=0", cancellationToken);

        // Switching to P2P restarts the module (it prints "Current Work Mode: LoRa P2P."); if it was in P2P already
        // it does not, and the wait ends after the settle time.
        await module.WaitForWorkModeAsync(_restartSettle, _clock, cancellationToken);
        await SendAsync(module, _module.P2PCommand, cancellationToken);
        await SendAsync(module, "AT+PRECV=65534", cancellationToken);
        module.ForgetWorkMode();
        module.EndConfiguring();

        var settings = string.Create(
            CultureInfo.InvariantCulture,
            $"receiving at {_module.FrequencyHz / 1e6:F1} MHz, SF{_module.SpreadingFactor}, {_module.BandwidthKHz} kHz");
        Rak3172Log.Configured(_logger, ReceiverId, settings);
        module.Connection.ReportConnected(settings);
    }

    private async Task SendAsync(ModuleConnection module, string command, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            Rak3172Log.Sending(_logger, ReceiverId, command);
            var reply = await module.ExchangeAsync(command, _commandTimeout, _clock, cancellationToken);
            if (reply is null)
            {
                Rak3172Log.CommandTimedOut(_logger, ReceiverId, command, _commandTimeout);
                throw new ReceiverLinkException($"no answer to {command} within {_commandTimeout.TotalMilliseconds:F0} ms");
            }

            if (reply.Value.Kind == Rak3172LineKind.Ok)
            {
                return;
            }

            if (reply.Value.Text == "AT_BUSY_ERROR" && attempt < MaxBusyAttempts)
            {
                Rak3172Log.Busy(_logger, ReceiverId, command, attempt, MaxBusyAttempts);
                await Task.Delay(BusyRetryDelay * attempt, _clock, cancellationToken);
                continue;
            }

            Rak3172Log.CommandFailed(_logger, ReceiverId, command, reply.Value.Text);
            throw new ReceiverLinkException($"{command} refused: {reply.Value.Text}");
        }
    }

    private enum ModuleSignal
    {
        None = 0,
        Rearm,
        Restarted,
    }

    /// <summary>State shared by the reader and the controller of one connection.</summary>
    private sealed class ModuleConnection
    {
        private readonly Channel<(ModuleSignal Signal, string? Text)> _signals =
            Channel.CreateUnbounded<(ModuleSignal, string?)>(new UnboundedChannelOptions { SingleReader = true });

        private TaskCompletionSource<Rak3172Line>? _pending;
        private TaskCompletionSource _workMode = NewSignal();
        private volatile bool _configuring = true;
        private int _restartSignalled;

        public ModuleConnection(SerialConnection connection)
        {
            Connection = connection;
        }

        public SerialConnection Connection { get; }

        /// <summary>The header line of an older firmware's two-line receive event, waiting for its payload line.</summary>
        public Rak3172Line? LegacyHeader { get; set; }

        public void BeginConfiguring()
        {
            _configuring = true;
            Volatile.Write(ref _restartSignalled, 0);
            while (_signals.Reader.TryRead(out _))
            {
                // Re-arm requests and restarts from before are covered by the configuration.
            }
        }

        public void EndConfiguring() => _configuring = false;

        public void ForgetWorkMode() => Volatile.Write(ref _workMode, NewSignal());

        public void OnRestartText(string text)
        {
            if (text.Contains("Current Work Mode", StringComparison.OrdinalIgnoreCase))
            {
                Volatile.Read(ref _workMode).TrySetResult();
            }

            // While configuring, a restart is expected (AT+NWM=0); afterwards it means the module lost its settings.
            if (!_configuring && Interlocked.Exchange(ref _restartSignalled, 1) == 0)
            {
                Signal(ModuleSignal.Restarted, text);
            }
        }

        public void Signal(ModuleSignal signal, string? text) => _signals.Writer.TryWrite((signal, text));

        public async Task<(ModuleSignal Signal, string? Text)> WaitForSignalAsync(TimeSpan timeout, TimeProvider clock, CancellationToken cancellationToken)
        {
            using var timeoutCts = new CancellationTokenSource(timeout, clock);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutCts.Token);
            try
            {
                return await _signals.Reader.ReadAsync(linked.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return (ModuleSignal.None, null);
            }
        }

        public async Task WaitForWorkModeAsync(TimeSpan settle, TimeProvider clock, CancellationToken cancellationToken)
        {
            try
            {
                await Volatile.Read(ref _workMode).Task.WaitAsync(settle, clock, cancellationToken);
            }
            catch (TimeoutException)
            {
                // No restart banner: the module did not restart (it was in that mode already).
            }
        }

        /// <summary>Sends <paramref name="command"/> and waits for OK or an error code; null when none came in time.</summary>
        public async Task<Rak3172Line?> ExchangeAsync(string command, TimeSpan timeout, TimeProvider clock, CancellationToken cancellationToken)
        {
            var reply = new TaskCompletionSource<Rak3172Line>(TaskCreationOptions.RunContinuationsAsynchronously);
            Volatile.Write(ref _pending, reply);
            try
            {
                var bytes = Encoding.ASCII.GetBytes(command + "\r\n");
                await Connection.Stream.WriteAsync(bytes, cancellationToken);
                await Connection.Stream.FlushAsync(cancellationToken);
                return await reply.Task.WaitAsync(timeout, clock, cancellationToken);
            }
            catch (TimeoutException)
            {
                return null;
            }
            finally
            {
                Interlocked.CompareExchange(ref _pending, null, reply);
            }
        }

        public void CompleteCommand(Rak3172Line reply) => Interlocked.Exchange(ref _pending, null)?.TrySetResult(reply);

        private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
