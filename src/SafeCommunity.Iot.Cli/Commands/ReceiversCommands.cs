using System.CommandLine;
using System.Globalization;
using SafeCommunity.Iot.Cli.Cli;
using SafeCommunity.Iot.Cli.Output;
using SafeCommunity.Iot.Contracts.V1;

namespace SafeCommunity.Iot.Cli.Commands;

/// <summary><c>safecomm receivers list</c>.</summary>
internal static class ReceiversCommands
{
    public static Command Build(Runner runner)
    {
        var receivers = new Command("receivers", "Base stations, patrol receivers, LoRa modules and LoRaWAN gateways");
        var communities = Values.StringList("--community", "Only this community's receivers (repeatable)", "COMMUNITY");
        var json = Values.Json();
        var list = new Command("list", "Receivers with their health: link, last heard, frames, errors, position");
        list.Options.Add(communities);
        list.Options.Add(json);
        list.SetAction((result, cancellationToken) => runner.CallAsync(result, "list receivers", async connection =>
        {
            var request = new ListReceiversRequest();
            request.CommunityIds.AddRange(result.GetValue(communities) ?? []);
            var response = await connection.Receivers.ListAsync(request, runner.Unary(cancellationToken));
            if (result.GetValue(json))
            {
                foreach (var receiver in response.Receivers)
                {
                    runner.Context.Out.WriteLine(Formats.JsonLine(receiver));
                }

                return ExitCodes.Success;
            }

            Table(response.Receivers, runner.Context).WriteTo(runner.Context.Out);
            return ExitCodes.Success;
        }, cancellationToken));
        receivers.Subcommands.Add(list);
        return receivers;
    }

    internal static TextTable Table(IEnumerable<ReceiverInfo> receivers, CliContext context)
    {
        var table = new TextTable(
            new("ID"), new("NAME"), new("KIND"), new("COMMUNITY"), new("LINK"), new("LAST HEARD"),
            new("FRAMES", true), new("ACCEPTED", true), new("DUPLICATES", true), new("ERRORS", true), new("POSITION"));
        foreach (var receiver in receivers)
        {
            var link = receiver.Link == ReceiverLinkState.Unspecified ? string.Empty : Formats.Name(receiver.Link);
            if (receiver.LinkDetail.Length > 0)
            {
                link = link.Length > 0 ? $"{link} ({receiver.LinkDetail})" : receiver.LinkDetail;
            }

            var position = receiver.HasLatitude && receiver.HasLongitude
                ? string.Create(CultureInfo.InvariantCulture, $"{receiver.Latitude:0.00000},{receiver.Longitude:0.00000}")
                : null;
            table.Add(
                receiver.Id,
                receiver.Name,
                Formats.Name(receiver.Kind),
                receiver.CommunityId,
                link,
                receiver.LastHeard is null ? "never" : Formats.Ago(receiver.LastHeard, context.Time),
                Formats.Number(receiver.Frames),
                Formats.Number(receiver.Accepted),
                Formats.Number(receiver.Duplicates),
                Formats.Number(receiver.Errors + receiver.LinkErrors),
                position);
        }

        return table;
    }
}
