using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SafeCommunity.Iot.Alarms.Engine;
using SafeCommunity.Iot.Alarms.Lifecycle;
using SafeCommunity.Iot.Alarms.Rules;
using SafeCommunity.Iot.Alarms.Streaming;
using SafeCommunity.Iot.Core.Alarms;
using SafeCommunity.Iot.Core.Receivers;
using SafeCommunity.Iot.Core.Registry;
using SafeCommunity.Iot.Geofences.Indexing;
using SafeCommunity.Iot.Core.State;
using SafeCommunity.Iot.Core.Uplinks;
using SafeCommunity.Iot.Ingestion.Diagnostics;
using SafeCommunity.Iot.Ingestion.Hosting;
using SafeCommunity.Iot.Ingestion.Positioning;
using SafeCommunity.Iot.Protocol.Radio;

namespace SafeCommunity.Iot.Ingestion.Pipeline;

/// <summary>
/// The uplink pipeline: receivers → ingress → decode → shard by device (authenticate, replay check, merge
/// duplicates, locate, alarm rules) → batched store of states and alarm events → alarm subscribers, observers
/// and completions. Stages are joined by bounded <see cref="PriorityLanes{T}"/> that wait when full: a slow store slows
/// receivers down (an MQTT broker then holds QoS 1 messages) instead of anything being dropped. Frames that carry an
/// alarm event, and stored work that raises an alarm, take the alarm lane at every stage and overtake routine reports.
/// </summary>
public sealed class UplinkPipeline : BackgroundService, IUplinkIngress, IUplinkPipelineStatus, IAlarmCommands
{
    private readonly IngestionOptions _options;
    private readonly DeviceRegistry _registry;
    private readonly IDeviceStateStore _store;
    private readonly IStateAndAlarmWriter _writer;
    private readonly IAlarmStore _alarmStore;
    private readonly IAlarmEventSignal _alarmSignal;
    private readonly AlarmHub _hub;
    private readonly AlarmRuleOptions _alarmOptions;
    private readonly ReceiverStatusBoard _board;
    private readonly GeofenceIndex _geofences;
    private readonly IReadOnlyList<IUplinkObserver> _observers;
    private readonly ReceiverStatistics _statistics;
    private readonly IngestionMetrics _metrics;
    private readonly TimeProvider _clock;
    private readonly ILogger<UplinkPipeline> _logger;
    private readonly PriorityLanes<RawUplink> _ingress;
    private readonly PriorityLanes<ShardItem>[] _shardInputs;
    private readonly PriorityLanes<CommitItem> _commits;
    private readonly UplinkRejections _rejections;
    private UplinkShard[] _shards = [];
    private StateCommitter? _committer;
    private bool _running;

    /// <summary>Creates the pipeline; it starts processing when the host starts it.</summary>
    public UplinkPipeline(
        IOptions<IngestionOptions> options,
        DeviceRegistry registry,
        IDeviceStateStore store,
        IStateAndAlarmWriter writer,
        IAlarmStore alarmStore,
        IAlarmEventSignal alarmSignal,
        AlarmHub hub,
        IOptions<AlarmRuleOptions> alarmOptions,
        ReceiverStatusBoard board,
        GeofenceIndex geofences,
        IEnumerable<IUplinkObserver> observers,
        ReceiverStatistics statistics,
        IngestionMetrics metrics,
        TimeProvider clock,
        ILogger<UplinkPipeline> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(alarmOptions);
        _options = options.Value;
        _alarmStore = alarmStore;
        _alarmSignal = alarmSignal;
        _hub = hub;
        _alarmOptions = alarmOptions.Value;
        _board = board;
        _geofences = geofences;
        _registry = registry;
        _store = store;
        _writer = writer;
        _observers = [.. observers];
        _statistics = statistics;
        _metrics = metrics;
        _clock = clock;
        _logger = logger;

        // Full mode Wait everywhere: nothing that may raise an alarm is ever dropped; the pressure travels back to the
        // receivers. One reader per queue, so the single-reader fast path applies.
        _ingress = new PriorityLanes<RawUplink>(_options.IngressCapacity);
        _shardInputs = [.. Enumerable.Range(0, _options.EffectiveShards).Select(_ => new PriorityLanes<ShardItem>(_options.ShardCapacity))];
        _commits = new PriorityLanes<CommitItem>(_options.CommitCapacity);
        _rejections = new UplinkRejections(statistics, metrics, new RejectionLogLimiter(clock, _options.RejectionLogInterval), logger);

        metrics.Meter.CreateObservableGauge("safecomm.queue.ingress", () => _ingress.Count, "{uplink}", "Uplinks waiting to be decoded.");
        metrics.Meter.CreateObservableGauge("safecomm.queue.shards", () => _shardInputs.Sum(c => c.Count), "{uplink}", "Uplinks waiting in shards.");
        metrics.Meter.CreateObservableGauge("safecomm.queue.commit", () => QueuedForCommit, "{uplink}", "Verified uplinks waiting to be stored.");
        metrics.Meter.CreateObservableGauge(
            "safecomm.queue.alarm_lanes", () => _ingress.AlarmCount + _shardInputs.Sum(c => c.AlarmCount) + _commits.AlarmCount, "{item}", "Alarm work waiting in the alarm lanes of every stage.");
        metrics.Meter.CreateObservableGauge(
            "safecomm.alarms.clock_lag", () => IsRunning ? (clock.GetUtcNow() - TickedThrough).TotalSeconds : 0, "s",
            "How far the stored time-based alarm rules (silent devices, geofence timers, escalation) are behind the clock.");
        metrics.Meter.CreateObservableGauge("safecomm.devices.tracked", () => TrackedDevices, "{device}", "Enrolled devices the pipeline keeps runtime state for.");
        metrics.Meter.CreateObservableGauge("safecomm.keys.prepared", () => PreparedKeys, "{key}", "Prepared device keys in the shards' caches.");
    }

    /// <summary>Whether the pipeline has restored device state and is processing uplinks.</summary>
    public bool IsRunning => Volatile.Read(ref _running);

    /// <summary>Uplinks waiting anywhere in the pipeline (for health checks and tests).</summary>
    public int Pending => _ingress.Count + _shardInputs.Sum(c => c.Count) + QueuedForCommit;

    /// <summary>Verified work waiting for the store.</summary>
    internal int QueuedForCommit => _commits.Count;

    /// <summary>
    /// Enrolled devices the shards keep runtime state for. Only a registered device id gets state, so a flood of
    /// unknown or forged ids cannot grow it. Read while frames flow it is a close estimate (it is written by the
    /// shard threads).
    /// </summary>
    internal int TrackedDevices => Volatile.Read(ref _shards).Sum(s => s.DeviceCount);

    /// <summary>
    /// Up to when the time-based rules (every shard's, escalation and silent receivers) are evaluated and stored:
    /// what a test waits for instead of sleeping, and what the clock-lag gauge reports.
    /// </summary>
    internal DateTimeOffset TickedThrough => Volatile.Read(ref _committer)?.TickedThrough ?? DateTimeOffset.MinValue;

    /// <summary>Prepared device keys in the shards' caches: at most <see cref="IngestionOptions.KeyCacheSize"/> per shard.</summary>
    internal int PreparedKeys => Volatile.Read(ref _shards).Sum(s => s.KeyCount);

    /// <inheritdoc />
    public async ValueTask WriteAsync(RawUplink uplink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(uplink);
        // Classified from the frame's header, before anything is decoded: an alarm event takes the alarm lane, behind
        // nothing but its own device's earlier frames.
        var isAlarm = RadioFrameReader.IsAlarmEvent(uplink.Payload.Span);
        uint? device = RadioFrameReader.TryPeekDeviceId(uplink.Payload.Span, out var deviceId) ? deviceId : null;
        await _ingress.WriteAsync(uplink, isAlarm, device, cancellationToken).ConfigureAwait(false);
        _metrics.FrameReceived(uplink.Transport);
        _statistics.Heard(uplink.ReceiverId, uplink.ReceivedAt);
    }

    /// <inheritdoc />
    public Task<AlarmChange> AcknowledgeAlarmAsync(long alarmId, string actor, CancellationToken cancellationToken) =>
        SubmitAsync(new AlarmCommand(AlarmRequest.Acknowledge(alarmId, actor, _clock.GetUtcNow())), cancellationToken);

    /// <inheritdoc />
    public Task<AlarmChange> ResolveAlarmAsync(long alarmId, string actor, string note, CancellationToken cancellationToken) =>
        SubmitAsync(new AlarmCommand(AlarmRequest.Resolve(alarmId, actor, note, _clock.GetUtcNow())), cancellationToken);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Start-up work (reading every device's state) runs off the host's start path.
        await Task.Yield();
        var locator = new ReceptionLocator(_registry, _options.DefaultReceiverRangeMetres);
        var shards = _shardInputs
            .Select((_, index) => new UplinkShard(index, _registry, _options, locator, _rejections, new DeviceRules(_alarmOptions, _registry, _geofences), _logger))
            .ToArray();
        Volatile.Write(ref _shards, shards);
        try
        {
            var restored = _store.LoadAll();
            foreach (var snapshot in restored)
            {
                shards[ShardOf(snapshot.DeviceId)].Restore(snapshot);
            }

            IngestionLog.Started(_logger, shards.Length, restored.Count);
            Volatile.Write(ref _running, true);

            var alarms = _alarmStore.LoadStartState();
            var engine = new AlarmEngine(
                alarms, _alarmOptions, new ReceiverRules(_alarmOptions, _registry, _board), new AlarmIds(_alarmStore.ReserveAlarmIds));
            _hub.Start(alarms.LastSequence);
            var feed = _alarmSignal.IsShared ? new SharedAlarmFeed(_alarmStore, _alarmSignal, _clock, _logger) : null;

            using var abandon = new CancellationTokenSource();
            using var stopTicking = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            var committer = new StateCommitter(
                _writer, engine, _hub, _observers, _statistics, _metrics, _clock, _logger, _options.MaxCommitBatch, shards.Length, feed,
                feed is null ? null : new CounterClaims(locator, _rejections, _options));
            Volatile.Write(ref _committer, committer);
            var committing = Task.Run(() => committer.RunAsync(_commits, abandon.Token), CancellationToken.None);
            var sharding = shards.Select((shard, i) => Task.Run(() => shard.RunAsync(_shardInputs[i], _commits), CancellationToken.None)).ToArray();
            var dispatching = Task.Run(DispatchAsync, CancellationToken.None);
            var ticking = Task.Run(() => TickAsync(stopTicking.Token), CancellationToken.None);
            List<PipelineStage> stages =
            [
                new("dispatcher", dispatching), .. sharding.Select((task, i) => new PipelineStage($"shard {i}", task)),
                new("committer", committing), new("ticker", ticking),
            ];
            var feeding = feed is null
                ? null
                : Task.Run(() => feed.RunAsync(alarms.LastSequence, _commits, stopTicking.Token), CancellationToken.None);
            if (feeding is not null)
            {
                stages.Add(new("alarm feed", feeding));
            }

            if (await FirstToEndAsync(stages, stoppingToken).ConfigureAwait(false) is { } ended)
            {
                // A stage that ends early would leave its queue full and every receiver waiting on it for good, while
                // the process looked alive. Failing the service stops the host with a non-zero exit code instead.
                Volatile.Write(ref _running, false);
                await stopTicking.CancelAsync().ConfigureAwait(false);
                var cause = ended.Task.Exception?.GetBaseException();
                IngestionLog.StageEnded(_logger, ended.Name, cause);
                throw new InvalidOperationException($"The uplink pipeline's {ended.Name} stopped while the gateway was running.", cause);
            }

            // Stopping: drain what is queued, stage by stage.
            Volatile.Write(ref _running, false);
            await ticking.ConfigureAwait(false);
            if (feeding is not null)
            {
                await feeding.ConfigureAwait(false);
            }

            _ingress.Complete();
            await dispatching.ConfigureAwait(false);
            await Task.WhenAll(sharding).ConfigureAwait(false);
            _commits.Complete();
            await abandon.CancelAsync().ConfigureAwait(false);
            await committing.ConfigureAwait(false);
            _hub.CompleteAll();
            IngestionLog.Stopped(_logger, Pending);
        }
        finally
        {
            foreach (var shard in shards)
            {
                shard.Dispose();
            }
        }
    }

    /// <summary>
    /// The first stage to end before <paramref name="stoppingToken"/> fires, or null once it fires. The ticker ends
    /// on that same token, so it may be seen ending a moment before the stop itself: a stage that ends once the stop
    /// was asked for is stopping, not failing (one that failed still throws when the stop drains it).
    /// </summary>
    private static async Task<PipelineStage?> FirstToEndAsync(List<PipelineStage> stages, CancellationToken stoppingToken)
    {
        var stopping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var registration = stoppingToken.Register(() => stopping.TrySetResult()).ConfigureAwait(false);
        var first = await Task.WhenAny(stages.Select(stage => stage.Task).Append(stopping.Task)).ConfigureAwait(false);
        return first == stopping.Task || stoppingToken.IsCancellationRequested ? null : stages.Find(stage => stage.Task == first);
    }

    private async Task DispatchAsync()
    {
        try
        {
            await foreach (var uplink in _ingress.ReadAllAsync().ConfigureAwait(false))
            {
                var error = RadioFrameReader.Read(uplink.Payload.Span, out var frame);
                if (error != RadioFrameError.None)
                {
                    _rejections.Malformed(uplink, error);
                    continue;
                }

                var isAlarm = frame.Type == FrameType.AlarmEvent;
                await _shardInputs[ShardOf(frame.DeviceId)].WriteAsync(new ShardItem(uplink, frame, null), isAlarm, frame.DeviceId).ConfigureAwait(false);
            }
        }
        finally
        {
            foreach (var shard in _shardInputs)
            {
                shard.Complete();
            }
        }
    }

    /// <summary>
    /// The alarm clock: time-based rules (silent devices, geofence timers, escalation, silent receivers). With a shared
    /// store it also brings the shards the states the other gateways stored (<see cref="SharedStateSync"/>).
    /// </summary>
    private async Task TickAsync(CancellationToken stop)
    {
        using var timer = new PeriodicTimer(_alarmOptions.TickInterval, _clock);
        var sync = _alarmSignal.IsShared
            ? new SharedStateSync(_store, _alarmSignal, _options.SharedStateInterval, _shardInputs.Length, ShardOf, _clock, _logger)
            : null;
        try
        {
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
            {
                var now = _clock.GetUtcNow();
                var ticks = sync?.TicksAt(now);
                for (var i = 0; i < _shardInputs.Length; i++)
                {
                    var tick = ticks?[i] ?? ShardTick.Alone(now);
                    await _shardInputs[i].WriteAsync(ShardItem.TickAt(tick), isAlarm: false, cancellationToken: stop).ConfigureAwait(false);
                }

                await _commits.WriteAsync(new CommitItem.ClockTick(now), isAlarm: false, cancellationToken: stop).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    private async Task<AlarmChange> SubmitAsync(AlarmCommand command, CancellationToken cancellationToken)
    {
        // A person is waiting for the answer: commands take the alarm lane.
        await _commits.WriteAsync(new CommitItem.PersonsCommand(command), isAlarm: true, cancellationToken: cancellationToken).ConfigureAwait(false);
        return await command.Result.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private int ShardOf(uint deviceId) => (int)(deviceId % (uint)_shardInputs.Length);
}
