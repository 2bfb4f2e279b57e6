using System.Globalization;
using Grpc.Core;
using SafeCommunity.Iot.Cli.Cli;
using SafeCommunity.Iot.Cli.Connection;
using SafeCommunity.Iot.Cli.Output;
using SafeCommunity.Iot.Contracts.V1;
using SafeCommunity.Iot.Core.Resilience;

namespace SafeCommunity.Iot.Cli.Watch;

/// <summary>
/// The live alarm view of a police room. It calls <c>Alarms.Watch</c> and prints every event once, as a table row
/// or a JSON line, and remembers the last sequence it printed (a heartbeat moves it on too: every matching event up
/// to the heartbeat's sequence has been delivered). When the stream ends — the connection broke, the gateway
/// restarted (UNAVAILABLE), cut a slow watch off (RESOURCE_EXHAUSTED with the trailer <c>resume-after-sequence</c>),
/// failed (INTERNAL) or cancelled it — it waits (0.5 s doubling to 10 s, with jitter), reconnects with
/// <c>after_sequence</c> = the last sequence and says so in one line on the error writer. Given several addresses
/// (instances sharing one store, so one cluster-wide sequence), each reconnection goes to the next address in turn
/// and the line names it. Events at or below the last sequence are never printed again. It stops on cancellation
/// (Ctrl+C, exit 0) or when the gateway refuses the watch itself (UNAUTHENTICATED, PERMISSION_DENIED,
/// INVALID_ARGUMENT, ...: the error's exit code).
/// </summary>
internal sealed class AlarmWatcher
{
    /// <summary>The trailer with which the gateway tells an ended stream where to resume.</summary>
    public const string ResumeTrailer = "resume-after-sequence";

    /// <summary>The wait before the first reconnection attempt; it doubles up to <see cref="LongestRetry"/>.</summary>
    public static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(0.5);

    /// <summary>The longest wait between reconnection attempts.</summary>
    public static readonly TimeSpan LongestRetry = TimeSpan.FromSeconds(10);

    /// <summary>The state file is written at most this often while events stream in (and always on a disconnect or at the end).</summary>
    private static readonly TimeSpan SaveInterval = TimeSpan.FromSeconds(1);

    private readonly GatewayConnection _connection;
    private readonly AlarmFilter _filter;
    private readonly bool _json;
    private readonly SequenceStateFile? _state;
    private readonly CliContext _context;
    private long? _saved;
    private long _savedAt;
    private bool _stateProblemReported;
    private bool _backwardsReported;

    public AlarmWatcher(GatewayConnection connection, AlarmFilter filter, bool json, SequenceStateFile? state, CliContext context)
    {
        _connection = connection;
        _filter = filter;
        _json = json;
        _state = state;
        _context = context;
    }

    /// <summary>The last sequence printed or confirmed by a heartbeat; null before the first.</summary>
    public long? LastSequence { get; private set; }

    /// <summary>How many events were printed.</summary>
    public int Printed { get; private set; }

    /// <summary>How many events were left out because they had been printed already (a replay overlapping what was shown).</summary>
    public int Duplicates { get; private set; }

    /// <summary>How many times the stream was opened again.</summary>
    public int Reconnects { get; private set; }

    /// <summary>
    /// Watches until <paramref name="cancellationToken"/> is cancelled (returns 0) or the gateway refuses the watch
    /// (returns that error's exit code). <paramref name="after"/> (from <c>--after</c>) wins over the state file;
    /// with neither, the watch starts with live events.
    /// </summary>
    public async Task<int> RunAsync(long? after, CancellationToken cancellationToken)
    {
        LastSequence = after;
        if (after is null && _state is not null)
        {
            LastSequence = _state.Load(out var problem);
            _saved = LastSequence;
            if (problem is not null)
            {
                Notice(problem + "; starting with live events");
            }
        }

        Notice($"watching alarms at {RpcErrors.Show(_connection.Address)}, {ResumeText(LastSequence)} (Ctrl+C to stop)");
        if (!_json)
        {
            _context.Out.WriteLine(AlarmEventRows.Header());
        }

        var attempt = 0;
        var reconnecting = false;
        long? resumeOverride = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            var request = new WatchAlarmsRequest { Filter = _filter.Clone() };
            if ((resumeOverride ?? LastSequence) is { } resumeAfter)
            {
                request.AfterSequence = resumeAfter;
            }

            resumeOverride = null;
            string cause;
            long? trailer;
            try
            {
                using var call = _connection.Alarms.Watch(request, cancellationToken: cancellationToken);
                while (await call.ResponseStream.MoveNext(cancellationToken))
                {
                    if (reconnecting)
                    {
                        reconnecting = false;
                        Notice($"connected again to {RpcErrors.Show(_connection.Address)}");
                    }

                    attempt = 0;
                    Handle(call.ResponseStream.Current);
                }

                trailer = ResumePoint(call.GetTrailers());
                cause = "the gateway ended the stream";
            }
            catch (RpcException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (RpcException e) when (IsRetryable(e))
            {
                trailer = ResumePoint(e.Trailers);
                cause = Cause(e);
            }
            catch (RpcException e)
            {
                Save(force: true);
                var failure = RpcErrors.Describe(e, "watch alarms", _connection.Address);
                _context.Error.WriteLine("safecomm: " + failure.Message);
                return failure.ExitCode;
            }

            if (trailer is { } point && (LastSequence is null || point < LastSequence))
            {
                // Resume from the gateway's point when it is earlier than ours (the replay's overlap is skipped as
                // duplicates) or when we have none; a later one could pass over events meant for us, so ours wins.
                resumeOverride = point;
                LastSequence ??= point;
            }

            Save(force: true);
            var delay = ExponentialBackoff.Delay(FirstRetry, LongestRetry, attempt++, _context.NextJitter());
            // Round-robin: the instance that ended the stream may be dying, and any other one has the same sequence.
            var moving = _connection.Addresses.Count > 1 ? $"moving to {RpcErrors.Show(_connection.MoveToNext())}, " : string.Empty;
            Notice($"{cause}; {moving}reconnecting in {Durations.Seconds(delay)}, {ResumeText(resumeOverride ?? LastSequence)}");
            reconnecting = true;
            Reconnects++;
            try
            {
                await _context.Delay(delay, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
        }

        Save(force: true);
        var where = _state is null ? string.Empty : $" (kept in {_state.Path})";
        Notice(LastSequence is { } last
            ? $"stopped after sequence {last.ToString(CultureInfo.InvariantCulture)}{where}"
            : "stopped");
        return ExitCodes.Success;
    }

    /// <summary>Whether a watch ended with <paramref name="exception"/> is worth opening again.</summary>
    public static bool IsRetryable(RpcException exception) =>
        RpcErrors.IsConnectionFailure(exception, out _, out _)
        || exception.StatusCode is StatusCode.Unavailable or StatusCode.ResourceExhausted or StatusCode.Internal
            or StatusCode.Cancelled or StatusCode.Unknown or StatusCode.Aborted or StatusCode.DeadlineExceeded;

    /// <summary>The <c>resume-after-sequence</c> trailer, when present and a number.</summary>
    public static long? ResumePoint(Metadata? trailers)
    {
        var value = trailers?.GetValue(ResumeTrailer);
        return long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var sequence) && sequence >= 0
            ? sequence
            : null;
    }

    private void Handle(WatchAlarmsResponse response)
    {
        switch (response.ItemCase)
        {
            case WatchAlarmsResponse.ItemOneofCase.Event:
                var alarmEvent = response.Event;
                if (LastSequence is { } last && alarmEvent.Sequence <= last)
                {
                    Duplicates++;
                    return;
                }

                _context.Out.WriteLine(_json ? Formats.JsonLine(alarmEvent) : AlarmEventRows.Row(alarmEvent, _context.Time));
                Printed++;
                LastSequence = alarmEvent.Sequence;
                Save(force: false);
                break;
            case WatchAlarmsResponse.ItemOneofCase.Heartbeat:
                var sequence = response.Heartbeat.Sequence;
                if (LastSequence is null || sequence > LastSequence)
                {
                    LastSequence = sequence;
                    Save(force: false);
                }
                else if (sequence < LastSequence && !_backwardsReported)
                {
                    _backwardsReported = true;
                    Notice(
                        $"the gateway's alarm sequence is at {sequence.ToString(CultureInfo.InvariantCulture)}, behind the " +
                        $"{LastSequence.Value.ToString(CultureInfo.InvariantCulture)} seen here (was its store replaced?): events up to " +
                        "that are taken as shown; restart with --after 0 to see them");
                }

                break;
            default:
                break;
        }
    }

    private string Cause(RpcException exception)
    {
        if (RpcErrors.IsConnectionFailure(exception, out var reason, out _))
        {
            return $"no connection to {RpcErrors.Show(_connection.Address)}: {reason}";
        }

        var detail = string.IsNullOrWhiteSpace(exception.Status.Detail) ? string.Empty : $": {exception.Status.Detail.Trim()}";
        return exception.StatusCode switch
        {
            StatusCode.Unavailable => $"the gateway is unavailable (UNAVAILABLE{detail})",
            StatusCode.ResourceExhausted => $"the gateway cut this watch off for falling behind (RESOURCE_EXHAUSTED{detail})",
            StatusCode.Cancelled => $"the gateway cancelled the stream (CANCELLED{detail})",
            _ => $"the stream broke ({RpcErrors.Name(exception.StatusCode)}{detail})",
        };
    }

    private void Save(bool force)
    {
        if (_state is null || LastSequence is not { } sequence || sequence == _saved)
        {
            return;
        }

        if (!force && _saved is not null && _context.Time.GetElapsedTime(_savedAt) < SaveInterval)
        {
            return;
        }

        if (_state.TrySave(sequence, out var problem))
        {
            _saved = sequence;
            _savedAt = _context.Time.GetTimestamp();
        }
        else if (!_stateProblemReported)
        {
            _stateProblemReported = true;
            Notice(problem + "; the sequence is kept in memory only");
        }
    }

    private void Notice(string text) => _context.Error.WriteLine("safecomm: " + text);

    private static string ResumeText(long? sequence) => sequence is { } s
        ? "resuming after sequence " + s.ToString(CultureInfo.InvariantCulture)
        : "starting with live events";
}
