using Grpc.Core;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SafeCommunity.Iot.Alarms.Lifecycle;
using SafeCommunity.Iot.Alarms.Streaming;
using SafeCommunity.Iot.Api.Access;
using SafeCommunity.Iot.Api.Diagnostics;
using SafeCommunity.Iot.Api.Hosting;
using SafeCommunity.Iot.Api.Mapping;
using SafeCommunity.Iot.Api.Requests;
using SafeCommunity.Iot.Core.Access;
using SafeCommunity.Iot.Core.Alarms;
using V1 = SafeCommunity.Iot.Contracts.V1;

namespace SafeCommunity.Iot.Api.Alarms;

/// <summary>The <c>Alarms</c> service: the resumable stream, lists, acknowledgement and resolution.</summary>
internal sealed class AlarmsService : V1.Alarms.AlarmsBase
{
    private const int MaxNoteLength = 2000;

    private readonly AlarmHub _hub;
    private readonly IAlarmStore _store;
    private readonly IAlarmCommands _commands;
    private readonly AuditTrail _audit;
    private readonly ApiOptions _options;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly TimeProvider _time;
    private readonly ILogger<AlarmsService> _logger;

    public AlarmsService(
        AlarmHub hub,
        IAlarmStore store,
        IAlarmCommands commands,
        AuditTrail audit,
        IOptions<ApiOptions> options,
        IHostApplicationLifetime lifetime,
        TimeProvider time,
        ILogger<AlarmsService> logger)
    {
        _hub = hub;
        _store = store;
        _commands = commands;
        _audit = audit;
        _options = options.Value;
        _lifetime = lifetime;
        _time = time;
        _logger = logger;
    }

    public override async Task Watch(V1.WatchAlarmsRequest request, IServerStreamWriter<V1.WatchAlarmsResponse> responseStream, ServerCallContext context)
    {
        var caller = context.Caller();
        var filter = AlarmFilter.Read(request.Filter, caller);
        if (request.HasAfterSequence && request.AfterSequence < 0)
        {
            throw ApiErrors.Invalid("after_sequence", "must be 0 or more.");
        }

        // Before the pipeline has read the store, the hub does not know the last stored sequence yet.
        await _hub.WhenStarted.WaitAsync(context.CancellationToken);
        await _audit.RecordReadAsync(caller, AuditActions.AlarmsWatch, "alarm stream", null, context.CancellationToken);

        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, _lifetime.ApplicationStopping);
        var stream = new AlarmStreamWriter(responseStream, _options, _time, caller, _logger, stopping.Token);

        // Attach first, then replay the store up to where the live feed starts: no gap, and anything the store
        // and the feed both hold is skipped by sequence.
        using var subscription = _hub.Subscribe(_options.SubscriberBufferCapacity);
        var position = request.HasAfterSequence ? request.AfterSequence : subscription.StartedAfter;
        stream.Position = position;
        ApiLog.WatchStarted(_logger, caller.Name, position);
        try
        {
            position = await ReplayAsync(stream, filter, position, subscription.StartedAfter);
            await stream.HeartbeatAsync(position);
            await stream.StreamLiveAsync(subscription, filter, position);
        }
        catch (OperationCanceledException) when (_lifetime.ApplicationStopping.IsCancellationRequested && !context.CancellationToken.IsCancellationRequested)
        {
            throw ApiErrors.StreamEnded(StatusCode.Unavailable, "The gateway is stopping; resume after the sequence in the trailer.", stream.Position);
        }
    }

    public override Task<V1.ListAlarmsResponse> List(V1.ListAlarmsRequest request, ServerCallContext context)
    {
        var caller = context.Caller();
        var filter = AlarmFilter.Read(request.Filter, caller);
        var paging = Paging.Read(request.Page);
        var alarms = _store.ListAlarms(filter.ToQuery(request.ActiveOnly, paging));
        var response = new V1.ListAlarmsResponse
        {
            NextPageToken = alarms.Count == 0 ? string.Empty : paging.NextToken(alarms.Count, alarms[^1].Id),
        };

        // The query is already limited to the caller's scope; the filter checks every alarm once more.
        response.Alarms.AddRange(alarms.Where(filter.Matches).Select(a => a.ToProto()));
        return Task.FromResult(response);
    }

    public override async Task<V1.GetAlarmResponse> Get(V1.GetAlarmRequest request, ServerCallContext context)
    {
        var caller = context.Caller();
        var alarm = VisibleAlarm(caller, request.AlarmId);
        var response = new V1.GetAlarmResponse { Alarm = alarm.ToProto() };
        response.Events.AddRange(_store.EventsOf(alarm.Id).Select(e => e.ToProto()));
        await _audit.RecordReadAsync(caller, AuditActions.AlarmRead, Target(alarm.Id), null, context.CancellationToken);
        return response;
    }

    public override async Task<V1.AlarmChangeResponse> Acknowledge(V1.AcknowledgeAlarmRequest request, ServerCallContext context)
    {
        var caller = HandlerOfAlarms(context, "acknowledge alarms");
        var alarm = VisibleAlarm(caller, request.AlarmId);
        var change = await _commands.AcknowledgeAlarmAsync(alarm.Id, caller.Name, context.CancellationToken);
        _audit.Record(caller, AuditActions.Acknowledge, Target(alarm.Id), change.Error == AlarmChangeError.None ? null : change.Error.ToString());
        return Answer(alarm.Id, change, tolerate: AlarmChangeError.AlreadyAcknowledged);
    }

    public override async Task<V1.AlarmChangeResponse> Resolve(V1.ResolveAlarmRequest request, ServerCallContext context)
    {
        var caller = HandlerOfAlarms(context, "resolve alarms");
        var note = RequestChecks.Text(request.Note, "note", MaxNoteLength);
        var alarm = VisibleAlarm(caller, request.AlarmId);
        if (!alarm.IsActive)
        {
            return new V1.AlarmChangeResponse { Alarm = alarm.ToProto() };
        }

        var change = await _commands.ResolveAlarmAsync(alarm.Id, caller.Name, note, context.CancellationToken);
        _audit.Record(caller, AuditActions.Resolve, Target(alarm.Id), change.Error == AlarmChangeError.None ? null : change.Error.ToString());
        return Answer(alarm.Id, change, tolerate: AlarmChangeError.NotActive);
    }

    private static Caller HandlerOfAlarms(ServerCallContext context, string what)
    {
        var caller = context.Caller();
        return caller.Role is AccessRole.Admin or AccessRole.Post ? caller : throw ApiErrors.Denied(what);
    }

    private static string Target(long alarmId) => FormattableString.Invariant($"alarm {alarmId}");

    private Alarm VisibleAlarm(Caller caller, long alarmId)
    {
        if (alarmId <= 0)
        {
            throw ApiErrors.Invalid("alarm_id", "is required (a positive alarm id).");
        }

        var alarm = _store.FindAlarm(alarmId);
        return alarm is not null && caller.CanSee(alarm) ? alarm : throw ApiErrors.NotFound(Target(alarmId));
    }

    /// <summary>
    /// The answer to a change: the event, or the alarm as it is when the change was already made by someone else
    /// (acknowledging twice is not an error for the second officer, who sees who was first).
    /// </summary>
    private V1.AlarmChangeResponse Answer(long alarmId, AlarmChange change, AlarmChangeError tolerate)
    {
        if (change.Event is { } stored)
        {
            return new V1.AlarmChangeResponse { Alarm = stored.Alarm.ToProto(), Event = stored.ToProto() };
        }

        if (change.Error == tolerate && _store.FindAlarm(alarmId) is { } current)
        {
            return new V1.AlarmChangeResponse { Alarm = current.ToProto() };
        }

        throw change.Error switch
        {
            AlarmChangeError.NotStored => new RpcException(new Status(StatusCode.Unavailable, "The gateway is stopping; nothing was changed. Try again.")),
            _ => ApiErrors.Precondition(FormattableString.Invariant($"alarm {alarmId} cannot be changed now ({change.Error}).")),
        };
    }

    /// <summary>Stored events after <paramref name="position"/> up to <paramref name="until"/>, in order; returns the new position.</summary>
    private async Task<long> ReplayAsync(AlarmStreamWriter stream, AlarmFilter filter, long position, long until)
    {
        const int BatchSize = 1000;
        while (position < until)
        {
            var batch = _store.EventsAfter(position, BatchSize);
            if (batch.Count == 0)
            {
                break;
            }

            foreach (var alarmEvent in batch)
            {
                if (alarmEvent.Sequence > until)
                {
                    return position;
                }

                if (filter.Matches(alarmEvent.Alarm))
                {
                    await stream.EventAsync(alarmEvent);
                }

                position = alarmEvent.Sequence;
                stream.Position = position;
            }
        }

        return position;
    }
}
