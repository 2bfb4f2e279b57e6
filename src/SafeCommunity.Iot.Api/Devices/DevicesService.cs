using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using SafeCommunity.Iot.Api.Access;
using SafeCommunity.Iot.Api.Mapping;
using SafeCommunity.Iot.Alarms.Thefts;
using SafeCommunity.Iot.Api.Requests;
using SafeCommunity.Iot.Core.Access;
using SafeCommunity.Iot.Core.Alarms;
using SafeCommunity.Iot.Core.Downlinks;
using SafeCommunity.Iot.Core.Registry;
using SafeCommunity.Iot.Core.State;
using SafeCommunity.Iot.History.Trails;
using SafeCommunity.Iot.Protocol.Radio;
using SafeCommunity.Iot.Storage.Registry;
using V1 = SafeCommunity.Iot.Contracts.V1;

namespace SafeCommunity.Iot.Api.Devices;

/// <summary>The <c>Devices</c> service: theft reports, arming, locate, commands and administration.</summary>
internal sealed class DevicesService : V1.Devices.DevicesBase
{
    private const int DefaultTrailLimit = 1000;
    private const int MaxTrailLimit = 10_000;
    private static readonly TimeSpan MaxTrailWindow = TimeSpan.FromDays(30);
    private static readonly TimeSpan DefaultAckTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    private readonly DeviceRegistry _registry;
    private readonly IAlarmStore _alarms;
    private readonly IDeviceStateStore _states;
    private readonly RegistryImporter _importer;
    private readonly RegistryStore _registryStore;
    private readonly IDownlinkSender? _downlinks;
    private readonly AuditTrail _audit;
    private readonly TimeProvider _time;
    private readonly TheftDesk _thefts;
    private readonly TrailHistory _trails;

    public DevicesService(
        DeviceRegistry registry,
        IAlarmStore alarms,
        IDeviceStateStore states,
        RegistryImporter importer,
        RegistryStore registryStore,
        AuditTrail audit,
        TheftDesk thefts,
        TrailHistory trails,
        TimeProvider time,
        IDownlinkSender? downlinks = null)
    {
        _registry = registry;
        _alarms = alarms;
        _states = states;
        _importer = importer;
        _registryStore = registryStore;
        _downlinks = downlinks;
        _audit = audit;
        _thefts = thefts;
        _trails = trails;
        _time = time;
    }

    public override Task<V1.TheftReportResponse> ReportStolen(V1.ReportStolenRequest request, ServerCallContext context)
    {
        var caller = DeviceAccess.BikeKeeper(context, "report bikes stolen");
        var device = _registry.VisibleBike(caller, request.DeviceId);
        var number = RequestChecks.Text(request.PoliceReportNumber, "police_report_number", 64);
        var place = RequestChecks.Text(request.LastSeenPlace, "last_seen_place", 500, optional: true);
        var description = RequestChecks.Text(request.Description, "description", 2000, optional: true);
        var now = _time.GetUtcNow();
        var stolenAt = request.StolenAt?.ToDateTimeOffset() ?? now;
        if (stolenAt > now + ClockSkew)
        {
            throw ApiErrors.Invalid("stolen_at", "is in the future.");
        }

        var decision = _thefts.ReportStolen(new TheftReport
        {
            Id = 0,
            DeviceId = device.Id,
            PoliceReportNumber = number,
            StolenAt = stolenAt,
            LastSeenPlace = place.Length == 0 ? null : place,
            Description = description.Length == 0 ? null : description,
            ReportedBy = caller.Name,
            ReportedAt = now,
        });
        if (decision is not { Outcome: TheftOutcome.Saved, Report: { } saved })
        {
            throw ApiErrors.Exists(decision.Report is { } open
                ? FormattableString.Invariant($"Bike {device.Id} is already reported stolen (report {open.Id}, police report {open.PoliceReportNumber}).")
                : FormattableString.Invariant($"Bike {device.Id} is already reported stolen."));
        }

        _audit.Record(caller, AuditActions.ReportStolen, DeviceAccess.Target(device.Id), FormattableString.Invariant($"report {saved.Id}, police report {number}"));
        return Task.FromResult(new V1.TheftReportResponse { Report = saved.ToProto() });
    }

    public override Task<V1.TheftReportResponse> ReportRecovered(V1.ReportRecoveredRequest request, ServerCallContext context)
    {
        var caller = DeviceAccess.BikeKeeper(context, "report bikes recovered");
        var device = _registry.VisibleBike(caller, request.DeviceId);
        if (_thefts.ReportRecovered(device.Id, _time.GetUtcNow()) is not { Outcome: TheftOutcome.Saved, Report: { } saved })
        {
            throw ApiErrors.Precondition(FormattableString.Invariant($"Bike {device.Id} has no open theft report."));
        }

        _audit.Record(caller, AuditActions.ReportRecovered, DeviceAccess.Target(device.Id), FormattableString.Invariant($"report {saved.Id}"));
        return Task.FromResult(new V1.TheftReportResponse { Report = saved.ToProto() });
    }

    public override Task<V1.CommandResponse> Arm(V1.ArmRequest request, ServerCallContext context) =>
        ArmOrDisarm(request, DownlinkCommandCode.Arm, context);

    public override Task<V1.CommandResponse> Disarm(V1.ArmRequest request, ServerCallContext context) =>
        ArmOrDisarm(request, DownlinkCommandCode.Disarm, context);

    public override async Task<V1.CommandResponse> SendCommand(V1.SendCommandRequest request, ServerCallContext context)
    {
        var caller = context.Caller();
        var command = (DownlinkCommandCode)(int)RequestChecks.Defined(request.Command, "command");
        if (request.Argument > ushort.MaxValue)
        {
            throw ApiErrors.Invalid("argument", "must be 0..65535.");
        }

        var device = _registry.VisibleDevice(caller, request.DeviceId);
        var allowed = caller.Role switch
        {
            AccessRole.Admin or AccessRole.Post => true,
            AccessRole.Owner => command is DownlinkCommandCode.LocateNow or DownlinkCommandCode.SoundBuzzer or DownlinkCommandCode.Arm or DownlinkCommandCode.Disarm,
            AccessRole.Family => command is DownlinkCommandCode.LocateNow or DownlinkCommandCode.SoundBuzzer,
            _ => false,
        };
        if (!allowed)
        {
            throw ApiErrors.Denied(FormattableString.Invariant($"send {request.Command} commands"));
        }

        var timeout = RequestChecks.Duration(request.AckTimeout, "ack_timeout", TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(15), DefaultAckTimeout);
        return await SendAsync(caller, device, command, (ushort)request.Argument, timeout, context.CancellationToken);
    }

    public override async Task<V1.LocateResponse> Locate(V1.LocateRequest request, ServerCallContext context)
    {
        var caller = context.Caller();
        var device = _registry.VisibleDevice(caller, request.DeviceId);
        var now = _time.GetUtcNow();
        var period = TrailPeriodOf(request, now);
        if (request.TrailLimit is < 0 or > MaxTrailLimit)
        {
            throw ApiErrors.Invalid("trail_limit", $"must be 1..{MaxTrailLimit} (0 for the default, {DefaultTrailLimit}).");
        }

        var limit = request.TrailLimit == 0 ? DefaultTrailLimit : request.TrailLimit;
        var response = new V1.LocateResponse { Device = device.ToProto(_registry) };
        if (_states.Find(device.Id) is { } state)
        {
            response.LastSeen = state.LastSeen.ToProto();
            response.LastReceiverId = state.LastReceiverId;
            response.Status = StatusOf(state);
            if (state.LastLocation is { } location)
            {
                response.Location = location.ToProto();
                response.Age = Duration.FromTimeSpan(now - location.At);
            }
        }

        if (period is var (from, until))
        {
            var trail = await _trails.ReadAsync(device.Id, from, until, limit, context.CancellationToken);
            response.TrailTruncated = trail.Truncated;
            response.Trail.AddRange(trail.Points.Select(p => p.ToProto()));
            response.Warnings.AddRange(trail.Warnings);
        }

        await _audit.RecordReadAsync(caller, AuditActions.Locate, DeviceAccess.Target(device.Id),
            period is var (start, end) ? FormattableString.Invariant($"with trail {start:O}..{end:O}") : null, context.CancellationToken);
        return response;
    }

    /// <summary>The trail's period: a window back from now (<c>trail</c>), a period of any age (<c>trail_from</c>), or none.</summary>
    private static (DateTimeOffset From, DateTimeOffset Until)? TrailPeriodOf(V1.LocateRequest request, DateTimeOffset now)
    {
        if (request.TrailFrom is null)
        {
            if (request.TrailUntil is not null)
            {
                throw ApiErrors.Invalid("trail_until", "needs trail_from (the start of the period).");
            }

            var window = RequestChecks.Duration(request.Trail, "trail", TimeSpan.Zero, MaxTrailWindow, TimeSpan.Zero);
            return window > TimeSpan.Zero ? (now - window, now) : null;
        }

        if (request.Trail is not null)
        {
            throw ApiErrors.Invalid("trail", "give either a window back from now (trail) or a period (trail_from, trail_until), not both.");
        }

        var from = request.TrailFrom.ToDateTimeOffset();
        var until = request.TrailUntil?.ToDateTimeOffset() ?? now;
        return TrailPeriod.Problem(from, until, now) is { } problem ? throw ApiErrors.Invalid("trail_from", problem) : (from, until);
    }

    public override Task<V1.ListDevicesResponse> List(V1.ListDevicesRequest request, ServerCallContext context)
    {
        var caller = context.Caller();
        var paging = Paging.Read(request.Page);
        var communities = request.CommunityIds.ToHashSet(StringComparer.Ordinal);
        var kinds = request.Kinds.Select(k => (DeviceKind)(int)RequestChecks.Defined(k, "kinds")).ToHashSet();

        // Device ids are the page cursor, newest (highest) id first like every other list.
        var page = _registry.Devices
            .Where(d => paging.BeforeId is not { } before || d.Id < before)
            .Where(caller.CanSee)
            .Where(d => communities.Count == 0 || communities.Contains(d.CommunityId))
            .Where(d => kinds.Count == 0 || kinds.Contains(d.Kind))
            .OrderByDescending(d => d.Id)
            .Take(paging.Size)
            .ToList();
        var response = new V1.ListDevicesResponse { NextPageToken = page.Count == 0 ? string.Empty : paging.NextToken(page.Count, page[^1].Id) };
        response.Devices.AddRange(page.Select(d => d.ToProto(_registry)));
        return Task.FromResult(response);
    }

    public override Task<V1.Device> Get(V1.GetDeviceRequest request, ServerCallContext context) =>
        Task.FromResult(_registry.VisibleDevice(context.Caller(), request.DeviceId).ToProto(_registry));

    public override Task<V1.Device> Enroll(V1.EnrollDeviceRequest request, ServerCallContext context)
    {
        var caller = Administrator(context, "enroll devices");
        var id = RequestChecks.DeviceId(request.Device?.Id ?? 0, "device.id");
        if (_registry.TryGetDevice(id, out _))
        {
            throw ApiErrors.Exists(FormattableString.Invariant($"Device {id} is already enrolled; use Update to change it."));
        }

        return Task.FromResult(Save(caller, request.Device!, request.KeyHex, "enrolled"));
    }

    public override Task<V1.Device> Update(V1.UpdateDeviceRequest request, ServerCallContext context)
    {
        var caller = Administrator(context, "update devices");
        var id = RequestChecks.DeviceId(request.Device?.Id ?? 0, "device.id");
        if (!_registry.TryGetDevice(id, out var current))
        {
            throw ApiErrors.NotFound(DeviceAccess.Target(id));
        }

        var key = request.KeyHex.Length == 0 ? current.Key.ToHex() : request.KeyHex;
        return Task.FromResult(Save(caller, request.Device!, key, request.KeyHex.Length == 0 ? "updated" : "updated with a new key"));
    }

    public override Task<V1.RemoveDeviceResponse> Remove(V1.RemoveDeviceRequest request, ServerCallContext context)
    {
        var caller = Administrator(context, "remove devices");
        var id = RequestChecks.DeviceId(request.DeviceId);
        if (!_registryStore.RemoveDevice(id))
        {
            throw ApiErrors.NotFound(DeviceAccess.Target(id));
        }

        _registry.RemoveDevice(id);
        _audit.Record(caller, AuditActions.RegistryChange, DeviceAccess.Target(id), "removed");
        return Task.FromResult(new V1.RemoveDeviceResponse());
    }

    public override Task<V1.ImportRegistryResponse> Import(V1.ImportRegistryRequest request, ServerCallContext context)
    {
        var caller = Administrator(context, "import the registry");
        if (request.RegistryJson.IsEmpty)
        {
            throw ApiErrors.Invalid("registry_json", "is required.");
        }

        var result = _importer.ImportJson(request.RegistryJson.Memory);
        var response = new V1.ImportRegistryResponse();
        if (result.Contents is { } contents)
        {
            response.Communities = contents.Communities.Count;
            response.Receivers = contents.Receivers.Count;
            response.Devices = contents.Devices.Count;
            _audit.Record(caller, AuditActions.RegistryChange, "registry", FormattableString.Invariant(
                $"imported {contents.Communities.Count} communities, {contents.Receivers.Count} receivers, {contents.Devices.Count} devices"));
        }

        response.Errors.AddRange(result.Errors.Select(e => new V1.ImportError
        {
            Where = e.Section is null ? "file" : e.Index is { } index ? FormattableString.Invariant($"{e.Section}[{index}]") : e.Section,
            Reason = e.RowId is null ? e.Reason : $"(id {e.RowId}) {e.Reason}",
        }));
        return Task.FromResult(response);
    }

    private static Caller Administrator(ServerCallContext context, string what)
    {
        var caller = context.Caller();
        return caller.IsAdmin ? caller : throw ApiErrors.Denied(what);
    }

    private static V1.DeviceStatus StatusOf(DeviceStateSnapshot state)
    {
        var flags = state.Flags;
        var status = new V1.DeviceStatus
        {
            Sos = (flags & DeviceStatusFlags.Sos) != 0,
            Fall = (flags & DeviceStatusFlags.Fall) != 0,
            Removed = (flags & DeviceStatusFlags.Removed) != 0,
            Tamper = (flags & DeviceStatusFlags.Tamper) != 0,
            Armed = (flags & DeviceStatusFlags.Armed) != 0,
            Moving = (flags & DeviceStatusFlags.Moving) != 0,
            Charging = (flags & DeviceStatusFlags.Charging) != 0,
            LowBattery = (flags & DeviceStatusFlags.LowBattery) != 0,
        };
        if (state.Battery <= 100)
        {
            status.BatteryPercent = state.Battery;
        }

        return status;
    }

    private async Task<V1.CommandResponse> ArmOrDisarm(V1.ArmRequest request, DownlinkCommandCode command, ServerCallContext context)
    {
        var caller = DeviceAccess.BikeKeeper(context, command == DownlinkCommandCode.Arm ? "arm bikes" : "disarm bikes");
        var device = _registry.VisibleBike(caller, request.DeviceId);
        var timeout = RequestChecks.Duration(request.AckTimeout, "ack_timeout", TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(15), DefaultAckTimeout);
        return await SendAsync(caller, device, command, 0, timeout, context.CancellationToken);
    }

    private async Task<V1.CommandResponse> SendAsync(
        Caller caller, Device device, DownlinkCommandCode command, ushort argument, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (_downlinks is null)
        {
            throw ApiErrors.Precondition("This gateway sends no downlinks: the LoRaWAN receiver is not configured.");
        }

        var result = await _downlinks.SendAsync(device.Id, command, argument, timeout, cancellationToken);
        _audit.Record(caller, AuditActions.Command, DeviceAccess.Target(device.Id), FormattableString.Invariant($"{command} {argument}: {result.Status}"));
        return result.Status switch
        {
            DownlinkStatus.Acknowledged => new V1.CommandResponse
            {
                Status = V1.CommandStatus.Acknowledged,
                Result = result.CommandResult is { } done ? (V1.CommandResult)((int)done + 1) : V1.CommandResult.Unspecified,
                Counter = result.Counter ?? 0,
            },
            DownlinkStatus.TimedOut => new V1.CommandResponse { Status = V1.CommandStatus.TimedOut, Counter = result.Counter ?? 0 },
            DownlinkStatus.InvalidCommand => throw ApiErrors.Invalid("argument", result.Error ?? "is not valid for this command."),
            DownlinkStatus.NotConnected or DownlinkStatus.TooManyPending =>
                throw new RpcException(new Status(StatusCode.Unavailable, result.Error ?? result.Status.ToString())),
            _ => throw ApiErrors.Precondition(result.Error ?? result.Status.ToString()),
        };
    }

    private V1.Device Save(Caller caller, V1.Device device, string keyHex, string what)
    {
        var result = _importer.ImportJson(RegistryRequestJson.OneDevice(device, keyHex));
        if (!result.IsValid)
        {
            var first = result.Errors[0];
            throw ApiErrors.Invalid(RegistryRequestJson.FieldOf(first.Reason), first.Reason);
        }

        _audit.Record(caller, AuditActions.RegistryChange, DeviceAccess.Target(device.Id), what);
        return _registry.TryGetDevice(device.Id, out var saved) ? saved.ToProto(_registry) : throw ApiErrors.NotFound(DeviceAccess.Target(device.Id));
    }
}
