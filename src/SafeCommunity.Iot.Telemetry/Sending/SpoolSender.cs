using System.Diagnostics;
using Microsoft.Extensions.Logging;
using SafeCommunity.Iot.Core.Resilience;
using SafeCommunity.Iot.Telemetry.Diagnostics;
using SafeCommunity.Iot.Telemetry.Spool;
using SafeCommunity.Iot.Telemetry.Writers;

namespace SafeCommunity.Iot.Telemetry.Sending;

/// <summary>Batching and retry settings of a <see cref="SpoolSender"/>.</summary>
/// <param name="BatchSize">The most points per request.</param>
/// <param name="FlushInterval">How long a smaller batch waits for more points.</param>
/// <param name="RetryMinDelay">The first retry delay.</param>
/// <param name="RetryMaxDelay">The longest retry delay.</param>
public sealed record SenderSettings(int BatchSize, TimeSpan FlushInterval, TimeSpan RetryMinDelay, TimeSpan RetryMaxDelay);

/// <summary>
/// Drains the spool into InfluxDB, one batch at a time and in spool order: batches by size (<see cref="SenderSettings.BatchSize"/>)
/// and time (<see cref="SenderSettings.FlushInterval"/>); a batch the server did not confirm is retried with backoff and
/// jitter for as long as it takes (the spool holds it, up to its disk cap); a batch the server rejects (HTTP 400) is
/// split until the rejected points are found, and those go to the dead-letter file with the reason while the rest
/// is written. Batches go one at a time because order matters: a refined position overwrites the first estimate of
/// the same frame, and the cursor moves in order.
/// </summary>
public sealed class SpoolSender
{
    private readonly TelemetrySpool _spool;
    private readonly ITelemetryWriter _writer;
    private readonly DeadLetterFile _deadLetters;
    private readonly SenderSettings _settings;
    private readonly TelemetryMetrics _metrics;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly ExponentialBackoff _backoff;

    /// <summary>Creates the sender; <paramref name="random"/> (0..1) drives the jitter.</summary>
    public SpoolSender(
        TelemetrySpool spool,
        ITelemetryWriter writer,
        DeadLetterFile deadLetters,
        SenderSettings settings,
        TelemetryMetrics metrics,
        TimeProvider clock,
        ILogger logger,
        Func<double>? random = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _spool = spool;
        _writer = writer;
        _deadLetters = deadLetters;
        _settings = settings;
        _metrics = metrics;
        _clock = clock;
        _logger = logger;
        _backoff = new ExponentialBackoff(settings.RetryMinDelay, settings.RetryMaxDelay, random);
    }

    /// <summary>Failed writes in a row now.</summary>
    public int ConsecutiveFailures => _backoff.Failures;

    /// <summary>Sends until <paramref name="stop"/>; what is not confirmed by then stays in the spool.</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        DateTimeOffset? partialSince = null;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                // Taken before looking, so an append between the look and the wait is not missed.
                var appended = _spool.Appended;
                var pending = _spool.PendingPoints;
                if (pending == 0)
                {
                    partialSince = null;
                    await appended.WaitAsync(stop);
                    continue;
                }

                if (pending < _settings.BatchSize && _settings.FlushInterval > TimeSpan.Zero)
                {
                    var now = _clock.GetUtcNow();
                    partialSince ??= now;
                    var left = partialSince.Value + _settings.FlushInterval - now;
                    if (left > TimeSpan.Zero)
                    {
                        await Task.WhenAny(appended, Task.Delay(left, _clock, stop));
                        stop.ThrowIfCancellationRequested();
                        continue;
                    }
                }

                partialSince = null;
                var batch = _spool.ReadBatch(_settings.BatchSize);
                if (batch is null)
                {
                    // Counted but unreadable (a damaged record): wait for new points rather than spin.
                    await Task.WhenAny(appended, Task.Delay(_settings.RetryMinDelay, _clock, stop));
                    stop.ThrowIfCancellationRequested();
                    continue;
                }

                await SendAsync(batch, stop);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopping: the batch in flight is sent again at the next start (its points keep their timestamps).
        }
    }

    /// <summary>Sends one batch until the server confirms it (or its segment is dropped at the cap), then confirms it to the spool.</summary>
    public async Task SendAsync(SpoolBatch batch, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(batch);
        while (true)
        {
            if (_spool.IsDropped(batch))
            {
                _spool.Abandon(batch);
                return;
            }

            var outcome = batch.Points == 0 ? WriteOutcome.Written : await WriteAsync(batch.Lines, batch.Points, stop);
            if (outcome.Status == WriteStatus.Written)
            {
                _spool.Confirm(batch);
                if (_backoff.Failures > 0)
                {
                    TelemetryLog.WriteRecovered(_logger, _writer.Target, _backoff.Failures, _spool.PendingPoints);
                    _backoff.Reset();
                }

                return;
            }

            _metrics.SendFailed();
            var delay = _backoff.Next();
            if (outcome.RetryAfter is { } asked && asked > delay)
            {
                delay = asked;
            }

            // The first failure, then every tenth: an outage of hours is a handful of lines, not thousands.
            if (_backoff.Failures == 1 || _backoff.Failures % 10 == 0)
            {
                var reason = outcome.HttpStatus == 0 ? outcome.Reason ?? "no answer" : $"HTTP {outcome.HttpStatus}: {outcome.Reason}";
                if (outcome.Status == WriteStatus.Refused)
                {
                    TelemetryLog.WriteRefused(_logger, _writer.Target, reason, delay);
                }
                else
                {
                    TelemetryLog.WriteFailed(_logger, batch.Points, _writer.Target, reason, delay);
                }
            }

            await Task.Delay(delay, _clock, stop);
        }
    }

    /// <summary>
    /// Writes <paramref name="lines"/>; on a rejection (400) or a too-large request (413) splits them in halves,
    /// down to single points, which go to the dead-letter file. Returns Written when every point is either stored or
    /// set aside; otherwise the failure, and the caller retries the whole batch (what was written is written again,
    /// harmlessly).
    /// </summary>
    private async Task<WriteOutcome> WriteAsync(ReadOnlyMemory<byte> lines, int points, CancellationToken stop)
    {
        var started = Stopwatch.GetTimestamp();
        var outcome = await _writer.WriteAsync(lines, stop);
        if (outcome.Status == WriteStatus.Written)
        {
            _metrics.PointsSent(points, Stopwatch.GetElapsedTime(started));
            return outcome;
        }

        if (outcome.Status is not (WriteStatus.Rejected or WriteStatus.TooLarge))
        {
            return outcome;
        }

        if (points <= 1)
        {
            SetAside(lines.Span, outcome);
            return WriteOutcome.Written;
        }

        var (first, firstPoints, second, secondPoints) = Halves(lines, points);
        var result = await WriteAsync(first, firstPoints, stop);
        return result.Status == WriteStatus.Written ? await WriteAsync(second, secondPoints, stop) : result;
    }

    private void SetAside(ReadOnlySpan<byte> line, WriteOutcome outcome)
    {
        var measurement = MeasurementOf(line);
        _metrics.PointsDeadLettered(1);
        if (_deadLetters.Append(line, outcome.HttpStatus, outcome.Reason, _clock.GetUtcNow()))
        {
            TelemetryLog.PointRejected(_logger, measurement, outcome.HttpStatus, _deadLetters.Path);
        }
        else
        {
            TelemetryLog.DeadLetterFull(_logger, _deadLetters.Path, _deadLetters.MaxBytes, measurement);
        }

        if (_logger.IsEnabled(LogLevel.Debug))
        {
            TelemetryLog.RejectedLine(_logger, System.Text.Encoding.UTF8.GetString(line).TrimEnd('\n'), outcome.Reason ?? string.Empty);
        }
    }

    private static (ReadOnlyMemory<byte> First, int FirstPoints, ReadOnlyMemory<byte> Second, int SecondPoints) Halves(
        ReadOnlyMemory<byte> lines, int points)
    {
        var wanted = points / 2;
        var span = lines.Span;
        var split = 0;
        for (var i = 0; i < wanted; i++)
        {
            split += span[split..].IndexOf((byte)'\n') + 1;
        }

        return (lines[..split], wanted, lines[split..], points - wanted);
    }

    private static string MeasurementOf(ReadOnlySpan<byte> line)
    {
        var end = line.IndexOfAny((byte)',', (byte)' ');
        return System.Text.Encoding.UTF8.GetString(end < 0 ? line : line[..end]);
    }
}
