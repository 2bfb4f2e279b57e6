using Google.Protobuf;
using Grpc.Core;
using SafeCommunity.Iot.Api.Access;
using SafeCommunity.Iot.Api.Mapping;
using System.Globalization;
using SafeCommunity.Iot.Core.Access;
using SafeCommunity.Iot.Core.Alarms;
using SafeCommunity.Iot.Core.Registry;
using SafeCommunity.Iot.History.CaseFiles;
using SafeCommunity.Iot.History.Documents;
using SafeCommunity.Iot.History.Pdf;
using SafeCommunity.Iot.History.Reports;
using SafeCommunity.Iot.History.Trails;
using V1 = SafeCommunity.Iot.Contracts.V1;

namespace SafeCommunity.Iot.Api.History;

/// <summary>The <c>History</c> service: a stolen bike's case file and a community's report.</summary>
internal sealed class HistoryService : V1.History.HistoryBase
{
    /// <summary>The report's default length when no first day is given: the last 30 days.</summary>
    private const int DefaultReportDays = 30;

    private readonly DeviceRegistry _registry;
    private readonly IAlarmStore _alarms;
    private readonly CaseFileBuilder _builder;
    private readonly CaseFileDocuments _documents;
    private readonly CommunityReportBuilder _reports;
    private readonly AuditTrail _audit;
    private readonly TimeProvider _time;

    public HistoryService(
        DeviceRegistry registry, IAlarmStore alarms, CaseFileBuilder builder, CaseFileDocuments documents, CommunityReportBuilder reports, AuditTrail audit,
        TimeProvider time)
    {
        _registry = registry;
        _alarms = alarms;
        _builder = builder;
        _documents = documents;
        _reports = reports;
        _audit = audit;
        _time = time;
    }

    public override async Task<V1.CaseFileResponse> GetCaseFile(V1.CaseFileRequest request, ServerCallContext context)
    {
        var caller = DeviceAccess.BikeKeeper(context, "read stolen bikes' case files");
        var device = _registry.VisibleBike(caller, request.DeviceId);
        var report = TheftReportOf(device, request.TheftReportId);
        var now = _time.GetUtcNow();
        var from = request.From?.ToDateTimeOffset() ?? report.StolenAt;
        var until = request.Until?.ToDateTimeOffset() ?? report.RecoveredAt ?? now;
        if (TrailPeriod.Problem(from, until, now) is { } problem)
        {
            throw ApiErrors.Invalid(request.From is null ? "from (default: the report's stolen_at)" : "from", problem);
        }

        var caseFile = await _builder.BuildAsync(device, report, from, until, caller.Name, context.CancellationToken);
        CaseFileAttachments attachments;
        try
        {
            attachments = _documents.Write(caseFile);
        }
        catch (FontUnavailableException exception)
        {
            throw ApiErrors.Precondition(exception.Message);
        }

        await _audit.RecordReadAsync(caller, AuditActions.CaseFile, DeviceAccess.Target(device.Id), FormattableString.Invariant(
            $"theft report {report.Id}, {from:O}..{until:O}: {caseFile.Sightings.Count} sightings, {caseFile.Trail.Points.Count} trail points"), context.CancellationToken);
        var response = new V1.CaseFileResponse
        {
            Device = device.ToProto(_registry),
            Report = report.ToProto(),
            From = from.ToProto(),
            Until = until.ToProto(),
            SightingsTruncated = caseFile.SightingsTruncated,
            TrailTruncated = caseFile.Trail.Truncated,
            Geojson = ByteString.CopyFrom(attachments.GeoJson),
            Gpx = ByteString.CopyFrom(attachments.Gpx),
            Pdf = ByteString.CopyFrom(attachments.Pdf),
        };
        response.Sightings.AddRange(caseFile.Sightings.Select(s => s.ToProto()));
        response.Trail.AddRange(caseFile.Trail.Points.Select(p => p.ToProto()));
        response.Warnings.AddRange(caseFile.Warnings);
        return response;
    }

    public override Task<V1.CommunityReportResponse> GetCommunityReport(V1.CommunityReportRequest request, ServerCallContext context)
    {
        var caller = context.Caller();
        if (caller.Role is not (AccessRole.Admin or AccessRole.Post))
        {
            throw ApiErrors.Denied("read community reports");
        }

        var communityId = RequestText(request.CommunityId, "community_id");
        if (!_registry.TryGetCommunity(communityId, out var community) || !caller.CoversCommunity(community.Id))
        {
            throw ApiErrors.NotFound("community " + communityId);
        }

        var zone = Community.ZoneOf(community);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(_time.GetUtcNow(), zone).DateTime);
        var lastDay = Day(request.LastDay, "last_day") ?? today;
        var firstDay = Day(request.FirstDay, "first_day") ?? lastDay.AddDays(1 - DefaultReportDays);
        var period = ReportPeriod.TryCreate(firstDay, lastDay, zone, today, out var problem)
            ?? throw ApiErrors.Invalid(request.FirstDay.Length == 0 ? "first_day (default: 29 days before last_day)" : "first_day", problem!);
        var report = _reports.Build(community, period, caller.Name);
        return Task.FromResult(report.ToProto(CommunityReportCsv.Write(report)));
    }

    /// <summary>The theft report a case file is about: the one asked for, else the open one, else the latest.</summary>
    private TheftReport TheftReportOf(Device device, long reportId)
    {
        if (reportId < 0)
        {
            throw ApiErrors.Invalid("theft_report_id", "it is negative; give a report's id, or 0 for the bike's open or latest report.");
        }

        var reports = _alarms.TheftsOf(device.Id);
        if (reportId > 0)
        {
            return reports.FirstOrDefault(r => r.Id == reportId)
                ?? throw ApiErrors.NotFound(FormattableString.Invariant($"theft report {reportId} of bike {device.Id}"));
        }

        return reports.FirstOrDefault(r => r.IsActive) ?? (reports.Count > 0 ? reports[0] : null) ?? throw ApiErrors.Precondition(FormattableString.Invariant(
            $"Bike {device.Id} was never reported stolen: a case file is built for a theft report."));
    }

    private static string RequestText(string value, string field) =>
        string.IsNullOrWhiteSpace(value) ? throw ApiErrors.Invalid(field, "it is empty.") : value.Trim();

    private static DateOnly? Day(string text, string field)
    {
        if (text.Length == 0)
        {
            return null;
        }

        return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day
            : throw ApiErrors.Invalid(field, FormattableString.Invariant($"'{text}' is not a day; write it as YYYY-MM-DD (2026-11-30)."));
    }
}
