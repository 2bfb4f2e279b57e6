using System.CommandLine;
using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using SafeCommunity.Iot.Cli.Cli;
using SafeCommunity.Iot.Cli.Output;
using SafeCommunity.Iot.Contracts.V1;

namespace SafeCommunity.Iot.Cli.Commands;

/// <summary>
/// <c>safecomm bike case-file &lt;device&gt; [--report ID] [--from T] [--to T] [--out DIR] [--json]</c>: the stolen bike's case file,
/// written as <c>bike-ID-case-file.pdf</c>, <c>.geojson</c> and <c>.gpx</c> in DIR.
/// </summary>
internal static class CaseFileCommand
{
    public static Command Build(Runner runner)
    {
        var device = Values.DeviceArgument("The bike's chip id");
        var theft = new Option<long>("--report") { Description = "The theft report (default: the open one, or the latest once the bike is recovered)", HelpName = "ID" };
        var from = Values.PointInTime("--from", "The period's start: ISO 8601, or a duration ago such as 7d (default: when it was stolen)", runner.Context, PointsInTime.Direction.Ago);
        var to = Values.PointInTime("--to", "The period's end: ISO 8601, or a duration ago (default: when it was recovered, or now); at most 92 days after --from", runner.Context, PointsInTime.Direction.Ago);
        var output = new Option<string>("--out") { Description = "The folder the PDF, GeoJSON and GPX files go to (default: the current folder)", HelpName = "DIR" };
        var json = Values.Json("the case file (report, sightings, trail, warnings; not the files) as one JSON object");
        var command = new Command("case-file", "A stolen bike's case file: the report, every sighting with receivers and signal, the trail as GeoJSON and GPX, and a one-page PDF with a map");
        command.Arguments.Add(device);
        command.Options.Add(theft);
        command.Options.Add(from);
        command.Options.Add(to);
        command.Options.Add(output);
        command.Options.Add(json);
        command.SetAction((result, cancellationToken) =>
        {
            if (result.GetValue(from) is { } start && result.GetValue(to) is { } end && end <= start)
            {
                return Task.FromResult(runner.Usage($"--to ({end:O}) must be after --from ({start:O})"));
            }

            var folder = result.GetValue(output) ?? ".";
            if (!Directory.Exists(folder))
            {
                return Task.FromResult(runner.Usage($"--out {folder}: no such folder"));
            }

            return runner.CallAsync(result, $"build the case file of bike {result.GetValue(device)}", async connection =>
            {
                var request = new CaseFileRequest { DeviceId = result.GetValue(device), TheftReportId = result.GetValue(theft) };
                if (result.GetValue(from) is { } given)
                {
                    request.From = Timestamp.FromDateTimeOffset(given);
                }

                if (result.GetValue(to) is { } until)
                {
                    request.Until = Timestamp.FromDateTimeOffset(until);
                }

                var response = await connection.History.GetCaseFileAsync(request, runner.Unary(cancellationToken, TimeSpan.FromSeconds(30)));
                var files = await WriteFilesAsync(response, folder, cancellationToken);
                foreach (var warning in response.Warnings)
                {
                    runner.Notice("warning: " + warning);
                }

                if (result.GetValue(json))
                {
                    var summary = response.Clone();
                    summary.Geojson = Google.Protobuf.ByteString.Empty;
                    summary.Gpx = Google.Protobuf.ByteString.Empty;
                    summary.Pdf = Google.Protobuf.ByteString.Empty;
                    runner.Context.Out.WriteLine(Formats.JsonLine(summary));
                }
                else
                {
                    Write(response, files, runner.Context);
                }

                return ExitCodes.Success;
            }, cancellationToken);
        });
        return command;
    }

    private static async Task<IReadOnlyList<string>> WriteFilesAsync(CaseFileResponse response, string folder, CancellationToken cancellationToken)
    {
        var stem = Path.Combine(folder, FormattableString.Invariant($"bike-{response.Device.Id}-case-file"));
        (string Path, Google.Protobuf.ByteString Bytes)[] files = [(stem + ".pdf", response.Pdf), (stem + ".geojson", response.Geojson), (stem + ".gpx", response.Gpx)];
        foreach (var (path, bytes) in files)
        {
            await File.WriteAllBytesAsync(path, bytes.ToByteArray(), cancellationToken);
        }

        return files.Select(f => f.Path).ToList();
    }

    private static void Write(CaseFileResponse response, IReadOnlyList<string> files, CliContext context)
    {
        var time = context.Time;
        var report = response.Report ?? new TheftReport();
        var device = response.Device ?? new Device();
        new Details()
            .Add("bike", FormattableString.Invariant($"{device.Id}  {device.DisplayName} (community {device.CommunityId}, owner {device.Owner})"))
            .Add("police report", FormattableString.Invariant($"{report.PoliceReportNumber} (theft report {report.Id}), stolen {Formats.LocalTime(report.StolenAt, time)}")
                + (report.RecoveredAt is { } recovered ? ", recovered " + Formats.LocalTime(recovered, time) : string.Empty))
            .Add("period", $"{Formats.LocalTime(response.From, time)} to {Formats.LocalTime(response.Until, time)}")
            .Add("sightings", response.Sightings.Count.ToString(CultureInfo.InvariantCulture) + (response.SightingsTruncated ? " (the newest; older left out)" : string.Empty))
            .Add("trail", response.Trail.Count.ToString(CultureInfo.InvariantCulture) + " points" + (response.TrailTruncated ? " (the newest; older left out)" : string.Empty))
            .Add("files", string.Join(", ", files))
            .WriteTo(context.Out);
        if (response.Sightings.Count == 0)
        {
            return;
        }

        context.Out.WriteLine();
        var table = new TextTable(new("TIME"), new("RECEIVERS"), new("RSSI", true), new("SNR", true), new("PLACE"));
        foreach (var sighting in response.Sightings)
        {
            table.Add(
                Formats.LocalTime(sighting.At, time),
                string.Join(", ", sighting.ReceiverIds),
                sighting.HasRssiDbm ? sighting.RssiDbm.ToString("0.#", CultureInfo.InvariantCulture) : "?",
                sighting.HasSnrDb ? sighting.SnrDb.ToString("0.#", CultureInfo.InvariantCulture) : "?",
                Formats.Place(sighting.Location));
        }

        table.WriteTo(context.Out);
    }
}
