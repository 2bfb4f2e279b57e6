using System.CommandLine;
using Google.Protobuf.WellKnownTypes;
using SafeCommunity.Iot.Cli.Cli;
using SafeCommunity.Iot.Cli.Output;
using SafeCommunity.Iot.Contracts.V1;

namespace SafeCommunity.Iot.Cli.Commands;

/// <summary><c>safecomm audit list</c>.</summary>
internal static class AuditCommands
{
    public static Command Build(Runner runner)
    {
        var audit = new Command("audit", "Who looked up whom, reported, acknowledged or changed what (administrators)");
        var since = Values.PointInTime("--since", "Only entries at or after this time: ISO 8601, or a duration ago such as 2h", runner.Context, PointsInTime.Direction.Ago);
        var action = new Option<string?>("--action") { Description = "Only this action (locate, report-stolen, acknowledge, token-create, denied, ...)", HelpName = "ACTION" };
        var tokenId = new Option<string?>("--token-id", "--by-token") { Description = "Only what this token did (its id)", HelpName = "ID" };
        var pageSize = Values.Whole("--page-size", "Entries per page (1..1000; default: the gateway's, 100)", 1, 1000);
        var all = Values.Flag("--all", "Every page, not only the first");
        var json = Values.Json();
        var list = new Command("list", "Audit entries, newest first");
        list.Options.Add(since);
        list.Options.Add(action);
        list.Options.Add(tokenId);
        list.Options.Add(pageSize);
        list.Options.Add(all);
        list.Options.Add(json);
        list.SetAction((result, cancellationToken) => runner.CallAsync(result, "read the audit log", async connection =>
        {
            var request = new ListAuditRequest
            {
                Action = result.GetValue(action)?.Trim() ?? string.Empty,
                TokenId = result.GetValue(tokenId)?.Trim() ?? string.Empty,
                Page = new PageRequest { PageSize = result.GetValue(pageSize) ?? 0 },
            };
            if (result.GetValue(since) is { } from)
            {
                request.Since = Timestamp.FromDateTimeOffset(from);
            }

            var entries = new List<AuditEntry>();
            var more = false;
            do
            {
                var response = await connection.Administration.ListAuditAsync(request, runner.Unary(cancellationToken));
                entries.AddRange(response.Entries);
                request.Page.PageToken = response.NextPageToken;
                more = response.NextPageToken.Length > 0;
            }
            while (more && result.GetValue(all));

            if (result.GetValue(json))
            {
                foreach (var entry in entries)
                {
                    runner.Context.Out.WriteLine(Formats.JsonLine(entry));
                }
            }
            else
            {
                var table = new TextTable(new("TIME"), new("ACTOR"), new("TOKEN"), new("ACTION"), new("TARGET"), new("DETAIL"));
                foreach (var entry in entries)
                {
                    table.Add(Formats.LocalTime(entry.At, runner.Context.Time), entry.Actor, entry.TokenId, entry.Action, entry.Target, entry.Detail);
                }

                table.WriteTo(runner.Context.Out);
            }

            if (more)
            {
                runner.Notice("more entries on further pages: add --all to list them all");
            }

            return ExitCodes.Success;
        }, cancellationToken));
        audit.Subcommands.Add(list);
        return audit;
    }
}
