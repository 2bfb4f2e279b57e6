using System.Collections.Concurrent;
using Grpc.Core;
using SafeCommunity.Iot.Contracts.V1;
using V1 = SafeCommunity.Iot.Contracts.V1;

namespace SafeCommunity.Iot.Cli.Tests.Support;

/// <summary>A script for one Watch call: what the fake sends and how it ends the stream.</summary>
public delegate Task WatchScript(WatchAlarmsRequest request, IServerStreamWriter<WatchAlarmsResponse> stream, ServerCallContext context);

/// <summary>
/// The fake Alarms service. Each Watch call takes the next script; when none is left, the call signals
/// <see cref="Idle"/> and waits, open and quiet, until the client goes away.
/// </summary>
public sealed class FakeAlarms : V1.Alarms.AlarmsBase
{
    private readonly ConcurrentQueue<WatchScript> _scripts = new();
    private readonly ConcurrentQueue<WatchAlarmsRequest> _watchRequests = new();
    private readonly TaskCompletionSource _idle = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public UnaryHandlers Unary { get; } = new();

    public IReadOnlyList<WatchAlarmsRequest> WatchRequests => [.. _watchRequests];

    /// <summary>Completes when a Watch call found no script left (the client has handled everything before it).</summary>
    public Task Idle => _idle.Task;

    public void Script(params WatchScript[] scripts)
    {
        foreach (var script in scripts)
        {
            _scripts.Enqueue(script);
        }
    }

    public override async Task Watch(WatchAlarmsRequest request, IServerStreamWriter<WatchAlarmsResponse> responseStream, ServerCallContext context)
    {
        _watchRequests.Enqueue(request);
        if (_scripts.TryDequeue(out var script))
        {
            await script(request, responseStream, context);
            return;
        }

        _idle.TrySetResult();
        try
        {
            await Task.Delay(Timeout.Infinite, context.CancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
    }

    public override Task<ListAlarmsResponse> List(ListAlarmsRequest request, ServerCallContext context) =>
        Unary.Invoke<ListAlarmsRequest, ListAlarmsResponse>(nameof(List), request, context);

    public override Task<GetAlarmResponse> Get(GetAlarmRequest request, ServerCallContext context) =>
        Unary.Invoke<GetAlarmRequest, GetAlarmResponse>(nameof(Get), request, context);

    public override Task<AlarmChangeResponse> Acknowledge(AcknowledgeAlarmRequest request, ServerCallContext context) =>
        Unary.Invoke<AcknowledgeAlarmRequest, AlarmChangeResponse>(nameof(Acknowledge), request, context);

    public override Task<AlarmChangeResponse> Resolve(ResolveAlarmRequest request, ServerCallContext context) =>
        Unary.Invoke<ResolveAlarmRequest, AlarmChangeResponse>(nameof(Resolve), request, context);
}

public sealed class FakeDevices : V1.Devices.DevicesBase
{
    public UnaryHandlers Unary { get; } = new();

    public override Task<TheftReportResponse> ReportStolen(ReportStolenRequest request, ServerCallContext context) =>
        Unary.Invoke<ReportStolenRequest, TheftReportResponse>(nameof(ReportStolen), request, context);

    public override Task<TheftReportResponse> ReportRecovered(ReportRecoveredRequest request, ServerCallContext context) =>
        Unary.Invoke<ReportRecoveredRequest, TheftReportResponse>(nameof(ReportRecovered), request, context);

    public override Task<CommandResponse> Arm(ArmRequest request, ServerCallContext context) =>
        Unary.Invoke<ArmRequest, CommandResponse>(nameof(Arm), request, context);

    public override Task<CommandResponse> Disarm(ArmRequest request, ServerCallContext context) =>
        Unary.Invoke<ArmRequest, CommandResponse>(nameof(Disarm), request, context);

    public override Task<LocateResponse> Locate(LocateRequest request, ServerCallContext context) =>
        Unary.Invoke<LocateRequest, LocateResponse>(nameof(Locate), request, context);

    public override Task<CommandResponse> SendCommand(SendCommandRequest request, ServerCallContext context) =>
        Unary.Invoke<SendCommandRequest, CommandResponse>(nameof(SendCommand), request, context);

    public override Task<ListDevicesResponse> List(ListDevicesRequest request, ServerCallContext context) =>
        Unary.Invoke<ListDevicesRequest, ListDevicesResponse>(nameof(List), request, context);

    public override Task<ImportRegistryResponse> Import(ImportRegistryRequest request, ServerCallContext context) =>
        Unary.Invoke<ImportRegistryRequest, ImportRegistryResponse>(nameof(Import), request, context);
}

public sealed class FakeHistory : V1.History.HistoryBase
{
    public UnaryHandlers Unary { get; } = new();

    public override Task<CaseFileResponse> GetCaseFile(CaseFileRequest request, ServerCallContext context) =>
        Unary.Invoke<CaseFileRequest, CaseFileResponse>(nameof(GetCaseFile), request, context);

    public override Task<CommunityReportResponse> GetCommunityReport(CommunityReportRequest request, ServerCallContext context) =>
        Unary.Invoke<CommunityReportRequest, CommunityReportResponse>(nameof(GetCommunityReport), request, context);
}

public sealed class FakeGeofences : V1.Geofences.GeofencesBase
{
    public UnaryHandlers Unary { get; } = new();

    public override Task<GeofencesResponse> List(ListGeofencesRequest request, ServerCallContext context) =>
        Unary.Invoke<ListGeofencesRequest, GeofencesResponse>(nameof(List), request, context);

    public override Task<GeofencesResponse> Create(GeofenceGeoJsonRequest request, ServerCallContext context) =>
        Unary.Invoke<GeofenceGeoJsonRequest, GeofencesResponse>(nameof(Create), request, context);

    public override Task<GeofencesResponse> Update(GeofenceGeoJsonRequest request, ServerCallContext context) =>
        Unary.Invoke<GeofenceGeoJsonRequest, GeofencesResponse>(nameof(Update), request, context);

    public override Task<DeleteGeofenceResponse> Delete(DeleteGeofenceRequest request, ServerCallContext context) =>
        Unary.Invoke<DeleteGeofenceRequest, DeleteGeofenceResponse>(nameof(Delete), request, context);
}

public sealed class FakeReceivers : V1.Receivers.ReceiversBase
{
    public UnaryHandlers Unary { get; } = new();

    public override Task<ListReceiversResponse> List(ListReceiversRequest request, ServerCallContext context) =>
        Unary.Invoke<ListReceiversRequest, ListReceiversResponse>(nameof(List), request, context);
}

public sealed class FakeAdministration : V1.Administration.AdministrationBase
{
    public UnaryHandlers Unary { get; } = new();

    public override Task<CreateTokenResponse> CreateToken(CreateTokenRequest request, ServerCallContext context) =>
        Unary.Invoke<CreateTokenRequest, CreateTokenResponse>(nameof(CreateToken), request, context);

    public override Task<TokenInfo> RevokeToken(RevokeTokenRequest request, ServerCallContext context) =>
        Unary.Invoke<RevokeTokenRequest, TokenInfo>(nameof(RevokeToken), request, context);

    public override Task<ListTokensResponse> ListTokens(ListTokensRequest request, ServerCallContext context) =>
        Unary.Invoke<ListTokensRequest, ListTokensResponse>(nameof(ListTokens), request, context);

    public override Task<ListAuditResponse> ListAudit(ListAuditRequest request, ServerCallContext context) =>
        Unary.Invoke<ListAuditRequest, ListAuditResponse>(nameof(ListAudit), request, context);

    public override Task<TokenInfo> WhoAmI(WhoAmIRequest request, ServerCallContext context) =>
        Unary.Invoke<WhoAmIRequest, TokenInfo>(nameof(WhoAmI), request, context);
}

public sealed class FakeNotifications : V1.Notifications.NotificationsBase
{
    public UnaryHandlers Unary { get; } = new();

    public override Task<ListSubscriptionsResponse> ListSubscriptions(ListSubscriptionsRequest request, ServerCallContext context) =>
        Unary.Invoke<ListSubscriptionsRequest, ListSubscriptionsResponse>(nameof(ListSubscriptions), request, context);

    public override Task<AddSubscriptionResponse> AddSubscription(AddSubscriptionRequest request, ServerCallContext context) =>
        Unary.Invoke<AddSubscriptionRequest, AddSubscriptionResponse>(nameof(AddSubscription), request, context);

    public override Task<RemoveSubscriptionResponse> RemoveSubscription(RemoveSubscriptionRequest request, ServerCallContext context) =>
        Unary.Invoke<RemoveSubscriptionRequest, RemoveSubscriptionResponse>(nameof(RemoveSubscription), request, context);

    public override Task<ListDeadLettersResponse> ListDeadLetters(ListDeadLettersRequest request, ServerCallContext context) =>
        Unary.Invoke<ListDeadLettersRequest, ListDeadLettersResponse>(nameof(ListDeadLetters), request, context);
}
