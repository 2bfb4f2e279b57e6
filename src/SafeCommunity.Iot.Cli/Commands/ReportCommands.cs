using System.CommandLine;
using System.Globalization;
using System.Text;
using SafeCommunity.Iot.Cli.Cli;
using SafeCommunity.Iot.Cli.Output;
using SafeCommunity.Iot.Contracts.V1;

namespace SafeCommunity.Iot.Cli.Commands;

/// <summary>
/// <c>safecomm report community &lt;community&gt; [--first-day D] [--last-day D] [--csv | --json]</c>: how a community's
/// alarms went over whole days of its time zone.
/// </summary>
internal static class ReportCommands
{
    public static Command Build(Runner runner)
    {
        var report = new Command("report", "Reports for the bureau: how the police rooms answered their alarms");
        var community = new Argument<string>("community") { Description = "The community's id (wufu)" };
        var firstDay = Values.Day("--first-day", "The first day counted, in the community's time zone (default: 29 days before --last-day)");
        var lastDay = Values.Day("--last-day", "The last day counted, inclusive (default: today); at most 366 days in all");
        var csv = Values.Flag("--csv", "Print the report as CSV, one figure per row (community,first_day,last_day,section,item,label,value)");
        var json = Values.Json("the report as one JSON object");
        var command = new Command(
            "community",
            "Alarms raised per kind and per day, time to acknowledge and to resolve (median, p90), escalations, devices silent, low batteries, receivers down");
        command.Arguments.Add(community);
        command.Options.Add(firstDay);
        command.Options.Add(lastDay);
        command.Options.Add(csv);
        command.Options.Add(json);
        command.SetAction((result, cancellationToken) =>
        {
            if (result.GetValue(csv) && result.GetValue(json))
            {
                return Task.FromResult(runner.Usage("--csv and --json cannot be used together"));
            }

            if (result.GetValue(firstDay) is { } first && result.GetValue(lastDay) is { } last && last < first)
            {
                return Task.FromResult(runner.Usage($"--last-day ({Day(last)}) is before --first-day ({Day(first)})"));
            }

            var id = result.GetValue(community)!;
            return runner.CallAsync(result, $"build the report of community {id}", async connection =>
            {
                var request = new CommunityReportRequest
                {
                    CommunityId = id,
                    FirstDay = result.GetValue(firstDay) is { } from ? Day(from) : string.Empty,
                    LastDay = result.GetValue(lastDay) is { } until ? Day(until) : string.Empty,
                };
                var response = await connection.History.GetCommunityReportAsync(request, runner.Unary(cancellationToken, TimeSpan.FromSeconds(60)));
                if (result.GetValue(csv))
                {
                    // Without the byte-order mark: it is for a file a spreadsheet opens, not for a terminal.
                    runner.Context.Out.Write(Encoding.UTF8.GetString(response.Csv.Span).TrimStart('\uFEFF'));
                }
                else if (result.GetValue(json))
                {
                    var summary = response.Clone();
                    summary.Csv = Google.Protobuf.ByteString.Empty;
                    runner.Context.Out.WriteLine(Formats.JsonLine(summary));
                }
                else
                {
                    Write(response, runner.Context);
                }

                return ExitCodes.Success;
            }, cancellationToken);
        });
        report.Subcommands.Add(command);
        return report;
    }

    private static void Write(CommunityReportResponse report, CliContext context)
    {
        var output = context.Out;
        new Details()
            .Add("community", $"{report.CommunityId}  {report.CommunityName}")
            .Add("period", $"{report.FirstDay} to {report.LastDay} ({report.TimeZone})")
            .Add("alarms raised", Formats.Number(report.Raised))
            .Add("time to acknowledge", Times(report.TimeToAcknowledge))
            .Add("time to resolve", Times(report.TimeToResolve))
            .Add("unanswered", Formats.Number(report.Unanswered))
            .Add("cleared by the gateway", Formats.Number(report.ClearedByGateway))
            .Add("escalated", Formats.Number(report.Escalated))
            .Add("devices silent", Formats.Number(report.SilentDevices.Count))
            .Add("low batteries", Formats.Number(report.LowBatteryDevices.Count))
            .Add("receivers down", Formats.Number(report.ReceiversDown.Count))
            .WriteTo(output);
        if (report.ByKind.Count > 0)
        {
            output.WriteLine();
            var kinds = new TextTable(new("KIND"), new("ALARMS", true));
            foreach (var kind in report.ByKind)
            {
                kinds.Add(Formats.Name(kind.Kind), Formats.Number(kind.Alarms));
            }

            kinds.WriteTo(output);
        }

        if (report.ReceiversDown.Count > 0)
        {
            output.WriteLine();
            var receivers = new TextTable(new("RECEIVER"), new("NAME"), new("OUTAGES", true), new("DOWN"), new("NOW"));
            foreach (var receiver in report.ReceiversDown)
            {
                receivers.Add(receiver.ReceiverId, receiver.Label, Formats.Number(receiver.Outages), Duration(receiver.DownSeconds), receiver.DownNow ? "down" : "up");
            }

            receivers.WriteTo(output);
        }
    }

    private static string Times(ResponseTimes times) => times.Answered == 0
        ? "none answered"
        : $"median {Duration(times.MedianSeconds)}, p90 {Duration(times.P90Seconds)}, longest {Duration(times.LongestSeconds)} ({Formats.Number(times.Answered)} answered)";

    private static string Duration(double seconds)
    {
        var span = TimeSpan.FromSeconds(Math.Round(seconds));
        return span.TotalHours >= 1 ? FormattableString.Invariant($"{(int)span.TotalHours}h{span.Minutes:00}m")
            : span.TotalMinutes >= 1 ? FormattableString.Invariant($"{span.Minutes}m{span.Seconds:00}s")
            : FormattableString.Invariant($"{span.Seconds}s");
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
