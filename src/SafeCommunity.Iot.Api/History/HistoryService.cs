using Google.Protobuf;
using Grpc.Core;
using SafeCommunity.Iot.Api.Access;
using SafeCommunity.Iot.Api.Mapping;
using SafeCommunity.Iot.Core.Access;
using SafeCommunity.Iot.Core.Registry;
using SafeCommunity.Iot.History.CaseFiles;
using SafeCommunity.Iot.History.Documents;
using SafeCommunity.Iot.History.Pdf;
using SafeCommunity.Iot.History.Trails;
using V1 = SafeCommunity.Iot.Contracts.V1;

namespace SafeCommunity.Iot.Api.History;

/// <summary>The <c>History</c> service: a stolen bike's case file.</summary>
internal sealed class HistoryService : V1.History.HistoryBase
{
    private readonly DeviceRegistry _registry;
    private readonly CaseFileBuilder _builder;
    private readonly CaseFileDocuments _documents;
    private readonly AuditTrail _audit;
    private readonly TimeProvider _time;

    public HistoryService(DeviceRegistry registry, CaseFileBuilder builder, CaseFileDocuments documents, AuditTrail audit, TimeProvider time)
    {
        _registry = registry;
        _builder = builder;
        _documents = documents;
        _audit = audit;
        _time = time;
    }

    public override async Task<V1.CaseFileResponse> GetCaseFile(V1.CaseFileRequest request, ServerCallContext context)
    {
        var caller = DeviceAccess.BikeKeeper(context, "read stolen bikes' case files");
        var device = _registry.VisibleBike(caller, request.DeviceId);
        if (!_registry.TryGetActiveTheft(device.Id, out var report))
        {
            throw ApiErrors.Precondition(FormattableString.Invariant(
                $"Bike {device.Id} has no open theft report: a case file is built for a bike that is reported stolen and not yet recovered."));
        }

        var now = _time.GetUtcNow();
        var from = request.From?.ToDateTimeOffset() ?? report.StolenAt;
        var until = request.Until?.ToDateTimeOffset() ?? now;
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
}
