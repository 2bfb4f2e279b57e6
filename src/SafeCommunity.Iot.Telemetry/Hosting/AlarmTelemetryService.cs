using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SafeCommunity.Iot.Alarms.Streaming;
using SafeCommunity.Iot.Core.Alarms;
using SafeCommunity.Iot.Telemetry.Diagnostics;
using SafeCommunity.Iot.Telemetry.Points;
using SafeCommunity.Iot.Telemetry.Spool;

namespace SafeCommunity.Iot.Telemetry.Hosting;

/// <summary>
/// Feeds every alarm event into telemetry, exactly as stored: it subscribes to the <see cref="AlarmHub"/>, catches up
/// from the store after the last sequence number spooled (kept in the spool folder, so a restart or a crash misses
/// nothing), then follows the live feed. Cut off for falling behind, it reads again from the store.
/// </summary>
public sealed class AlarmTelemetryService : BackgroundService
{
    private const int SubscriberCapacity = 4096;
    private const int PageSize = 500;
    private static readonly TimeSpan FailureDelay = TimeSpan.FromSeconds(5);

    private readonly AlarmHub _hub;
    private readonly IAlarmStore _store;
    private readonly TelemetryQueue _queue;
    private readonly SpoolHost _host;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;

    /// <summary>Creates the service.</summary>
    public AlarmTelemetryService(
        AlarmHub hub, IAlarmStore store, TelemetryQueue queue, SpoolHost host, TimeProvider clock, ILogger<AlarmTelemetryService> logger)
    {
        _hub = hub;
        _store = store;
        _queue = queue;
        _host = host;
        _clock = clock;
        _logger = logger;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            await _host.Ready.WaitAsync(stoppingToken);
            long last;
            using (var cursor = new CheckpointFile(_host.AlarmCursorPath))
            {
                // The first start with telemetry: from now on, not the whole history.
                last = cursor.Read()?.First ?? _store.LoadStartState().LastSequence;
            }

            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    last = await FollowAsync(last, stoppingToken);
                    return;
                }
                catch (SubscriberTooSlowException)
                {
                    TelemetryLog.AlarmFeedResumed(_logger, last);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    TelemetryLog.AlarmFeedFailed(_logger, exception, FailureDelay);
                    await Task.Delay(FailureDelay, _clock, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: the next start catches up from the cursor.
        }
    }

    /// <summary>Catches up after <paramref name="last"/>, then follows the live feed until the hub ends it.</summary>
    private async Task<long> FollowAsync(long last, CancellationToken stoppingToken)
    {
        // Subscribe first, then read the store: an event stored meanwhile is in one or the other (or both: skipped by sequence).
        using var subscription = _hub.Subscribe(SubscriberCapacity);
        while (true)
        {
            var page = _store.EventsAfter(last, PageSize);
            foreach (var alarmEvent in page)
            {
                await _queue.EnqueueAsync(TelemetryItem.For(alarmEvent), stoppingToken);
                last = alarmEvent.Sequence;
            }

            if (page.Count < PageSize)
            {
                break;
            }
        }

        await foreach (var alarmEvent in subscription.Events.ReadAllAsync(stoppingToken))
        {
            if (alarmEvent.Sequence <= last)
            {
                continue;
            }

            await _queue.EnqueueAsync(TelemetryItem.For(alarmEvent), stoppingToken);
            last = alarmEvent.Sequence;
        }

        return last;
    }
}
