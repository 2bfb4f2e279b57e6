using System.CommandLine;
using System.Globalization;
using SafeCommunity.Iot.Cli.Cli;
using SafeCommunity.Iot.Cli.Output;
using SafeCommunity.Iot.Cli.Watch;
using SafeCommunity.Iot.Contracts.V1;

namespace SafeCommunity.Iot.Cli.Commands;

/// <summary><c>safecomm alarms watch|list|get|ack|resolve</c>.</summary>
internal static class AlarmsCommands
{
    public static Command Build(Runner runner)
    {
        var alarms = new Command("alarms", "Watch, list, read, acknowledge and resolve alarms");
        alarms.Subcommands.Add(Watch(runner));
        alarms.Subcommands.Add(List(runner));
        alarms.Subcommands.Add(Get(runner));
        alarms.Subcommands.Add(Acknowledge(runner));
        alarms.Subcommands.Add(Resolve(runner));
        return alarms;
    }

    private static Command Watch(Runner runner)
    {
        var filter = new FilterOptions();
        var after = Values.Sequence("--after", "Replay stored events after this sequence first (default: where the last watch stopped, else live)");
        var json = Values.Json("each event as one JSON object per line");
        var stateFile = new Option<string?>("--state-file")
        {
            Description = "Where the last sequence is kept for the next watch (default: $XDG_STATE_HOME/safecomm/watch-HOST-PORT.seq)",
            HelpName = "PATH",
        };
        var command = new Command("watch", "The live alarm view: prints every alarm event once, resumes by itself after a disconnect or a gateway restart");
        filter.AddTo(command);
        command.Options.Add(after);
        command.Options.Add(json);
        command.Options.Add(stateFile);
        command.SetAction((result, cancellationToken) => runner.CallAsync(result, "watch alarms", async connection =>
        {
            var path = result.GetValue(stateFile);
            // The instances share one sequence, so the first address names the file whichever instance serves the watch.
            var state = new SequenceStateFile(string.IsNullOrWhiteSpace(path) ? SequenceStateFile.DefaultPath(connection.Addresses[0], runner.Context) : path);
            var watcher = new AlarmWatcher(connection, filter.Read(result), result.GetValue(json), state, runner.Context);
            return await watcher.RunAsync(result.GetValue(after), cancellationToken);
        }, cancellationToken));
        return command;
    }

    private static Command List(Runner runner)
    {
        var filter = new FilterOptions();
        var active = Values.Flag("--active", "Only open and acknowledged alarms");
        var pageSize = Values.Whole("--page-size", "Alarms per page (1..1000; default: the gateway's, 100)", 1, 1000);
        var all = Values.Flag("--all", "Every page, not only the first");
        var json = Values.Json();
        var command = new Command("list", "Alarms, newest first");
        command.Options.Add(active);
        filter.AddTo(command);
        command.Options.Add(pageSize);
        command.Options.Add(all);
        command.Options.Add(json);
        command.SetAction((result, cancellationToken) => runner.CallAsync(result, "list alarms", async connection =>
        {
            var request = new ListAlarmsRequest
            {
                Filter = filter.Read(result),
                ActiveOnly = result.GetValue(active),
                Page = new PageRequest { PageSize = result.GetValue(pageSize) ?? 0 },
            };
            var alarms = new List<Alarm>();
            var more = false;
            do
            {
                var response = await connection.Alarms.ListAsync(request, runner.Unary(cancellationToken));
                alarms.AddRange(response.Alarms);
                request.Page.PageToken = response.NextPageToken;
                more = response.NextPageToken.Length > 0;
            }
            while (more && result.GetValue(all));

            if (result.GetValue(json))
            {
                foreach (var alarm in alarms)
                {
                    runner.Context.Out.WriteLine(Formats.JsonLine(alarm));
                }
            }
            else
            {
                AlarmTable(alarms, runner.Context).WriteTo(runner.Context.Out);
            }

            if (more)
            {
                runner.Notice("more alarms on further pages: add --all to list them all");
            }

            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }

    private static Command Get(Runner runner)
    {
        var id = Values.AlarmArgument();
        var json = Values.Json("the alarm and its events as one JSON object");
        var command = new Command("get", "One alarm with its events (a stolen bike's sightings are its raised and updated events)");
        command.Arguments.Add(id);
        command.Options.Add(json);
        command.SetAction((result, cancellationToken) => runner.CallAsync(result, $"read alarm {result.GetValue(id)}", async connection =>
        {
            var response = await connection.Alarms.GetAsync(new GetAlarmRequest { AlarmId = result.GetValue(id) }, runner.Unary(cancellationToken));
            var output = runner.Context.Out;
            if (result.GetValue(json))
            {
                output.WriteLine(Formats.JsonLine(response));
                return ExitCodes.Success;
            }

            AlarmDetails(response.Alarm ?? new Alarm(), runner.Context.Time).WriteTo(output);
            output.WriteLine();
            var events = new TextTable(new("SEQ", true), new("TIME"), new("EVENT"), new("ACTOR"), new("STATE"), new("COUNT", true), new("PLACE"));
            foreach (var e in response.Events)
            {
                events.Add(
                    Formats.Number(e.Sequence),
                    Formats.LocalTime(e.At, runner.Context.Time),
                    Formats.Name(e.Type),
                    e.Actor,
                    Formats.Name(e.Alarm?.State ?? AlarmState.Unspecified),
                    e.Alarm is null ? null : Formats.Number(e.Alarm.Count),
                    Formats.Place(e.Alarm?.Location));
            }

            events.WriteTo(output);
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }

    private static Command Acknowledge(Runner runner)
    {
        var id = Values.AlarmArgument();
        var command = new Command("ack", "Take an alarm: tells every other police room that someone is on it");
        command.Aliases.Add("acknowledge");
        command.Arguments.Add(id);
        command.SetAction((result, cancellationToken) => runner.CallAsync(result, $"acknowledge alarm {result.GetValue(id)}", async connection =>
        {
            var response = await connection.Alarms.AcknowledgeAsync(
                new AcknowledgeAlarmRequest { AlarmId = result.GetValue(id) },
                runner.Unary(cancellationToken));
            WriteChange(response, "acknowledged", runner.Context);
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }

    private static Command Resolve(Runner runner)
    {
        var id = Values.AlarmArgument();
        var note = new Option<string>("--note")
        {
            Description = "How the alarm was dealt with (required; at most 2000 characters)",
            HelpName = "TEXT",
            Required = true,
        };
        var command = new Command("resolve", "Close an alarm, saying how it was dealt with");
        command.Arguments.Add(id);
        command.Options.Add(note);
        command.SetAction((result, cancellationToken) =>
        {
            if (string.IsNullOrWhiteSpace(result.GetValue(note)))
            {
                return Task.FromResult(runner.Usage("--note needs the words that say how the alarm was dealt with"));
            }

            return runner.CallAsync(result, $"resolve alarm {result.GetValue(id)}", async connection =>
            {
                var response = await connection.Alarms.ResolveAsync(
                    new ResolveAlarmRequest { AlarmId = result.GetValue(id), Note = result.GetValue(note)!.Trim() },
                    runner.Unary(cancellationToken));
                WriteChange(response, "resolved", runner.Context);
                return ExitCodes.Success;
            }, cancellationToken);
        });
        return command;
    }

    /// <summary>The table of <c>alarms list</c>.</summary>
    internal static TextTable AlarmTable(IEnumerable<Alarm> alarms, CliContext context)
    {
        var table = new TextTable(
            new("ID", true), new("LAST SEEN"), new("SEVERITY"), new("KIND"), new("STATE"), new("SUBJECT"), new("COMMUNITY"), new("COUNT", true), new("PLACE"));
        foreach (var alarm in alarms)
        {
            table.Add(
                Formats.Number(alarm.Id),
                Formats.LocalTime(alarm.LastSeen, context.Time),
                Formats.Name(alarm.Severity),
                Formats.Name(alarm.Kind),
                Formats.Name(alarm.State),
                Formats.Subject(alarm),
                Formats.Community(alarm),
                Formats.Number(alarm.Count),
                Formats.Place(alarm.Location));
        }

        return table;
    }

    /// <summary>The key-value lines of <c>alarms get</c>.</summary>
    internal static Details AlarmDetails(Alarm alarm, TimeProvider time)
    {
        var subject = Formats.Subject(alarm);
        if (alarm.DeviceId != 0 && alarm.Subject.Length > 0)
        {
            subject += $" (device {alarm.DeviceId.ToString(CultureInfo.InvariantCulture)})";
        }
        else if (alarm.ReceiverId.Length > 0 && alarm.Subject.Length > 0)
        {
            subject += $" (receiver {alarm.ReceiverId})";
        }

        var place = alarm.Location is null
            ? null
            : $"{Formats.Place(alarm.Location)} ({Formats.Name(alarm.Location.Source)}) at {Formats.LocalTime(alarm.Location.At, time)}";
        return new Details()
            .Add("alarm", $"{Formats.Number(alarm.Id)}  {Formats.Name(alarm.Severity)} {Formats.Name(alarm.Kind)}, {Formats.Name(alarm.State)}")
            .Add("subject", subject)
            .Add("community", alarm.SeenCommunityId.Length > 0 && alarm.SeenCommunityId != alarm.HomeCommunityId
                ? $"{alarm.HomeCommunityId}, seen in {alarm.SeenCommunityId}"
                : alarm.HomeCommunityId)
            .Add("place", place)
            .Add("first seen", Formats.LocalTime(alarm.FirstSeen, time))
            .Add("last seen", $"{Formats.LocalTime(alarm.LastSeen, time)} ({Formats.Number(alarm.Count)} times)")
            .Add("receivers", string.Join(", ", alarm.ReceiverIds))
            .Add("detail", alarm.Detail)
            .Add("escalated", Formats.LocalTime(alarm.EscalatedAt, time))
            .Add("acknowledged", alarm.AcknowledgedAt is null ? null : $"{Formats.LocalTime(alarm.AcknowledgedAt, time)} by {Or(alarm.AcknowledgedBy)}")
            .Add("resolved", alarm.ResolvedAt is null ? null : $"{Formats.LocalTime(alarm.ResolvedAt, time)} by {Or(alarm.ResolvedBy)}")
            .Add("note", alarm.ResolutionNote)
            .Add("condition", alarm.ConditionKey);
    }

    private static void WriteChange(AlarmChangeResponse response, string verb, CliContext context)
    {
        var alarm = response.Alarm ?? new Alarm();
        var id = Formats.Number(alarm.Id);
        if (response.Event is null)
        {
            context.Out.WriteLine($"alarm {id} unchanged: it is already {Formats.Name(alarm.State)}");
            return;
        }

        var by = response.Event.Actor.Length > 0 ? $" by {response.Event.Actor}" : string.Empty;
        context.Out.WriteLine($"alarm {id} {verb}{by} at {Formats.LocalTime(response.Event.At, context.Time)} (event {Formats.Number(response.Event.Sequence)})");
    }

    private static string Or(string value) => value.Length > 0 ? value : "the gateway";

    /// <summary>The alarm filter's options, shared by <c>watch</c> and <c>list</c>.</summary>
    private sealed class FilterOptions
    {
        private readonly Option<string[]> _communities = Values.StringList("--community", "Only this community's alarms (repeatable)", "COMMUNITY");
        private readonly Option<uint[]> _devices = Values.DeviceList("--device", "Only this device's alarms (repeatable)");
        private readonly Option<AlarmKind[]> _kinds = Values.EnumList<AlarmKind>("--kind", "Only alarms of this kind (repeatable)");
        private readonly Option<AlarmSeverity?> _minimumSeverity = Values.EnumValue<AlarmSeverity>("--min-severity", "Only alarms at least this severe");

        public void AddTo(Command command)
        {
            command.Options.Add(_communities);
            command.Options.Add(_devices);
            command.Options.Add(_kinds);
            command.Options.Add(_minimumSeverity);
        }

        public AlarmFilter Read(ParseResult result)
        {
            var filter = new AlarmFilter { MinimumSeverity = result.GetValue(_minimumSeverity) ?? AlarmSeverity.Unspecified };
            filter.CommunityIds.AddRange(result.GetValue(_communities) ?? []);
            filter.DeviceIds.AddRange(result.GetValue(_devices) ?? []);
            filter.Kinds.AddRange(result.GetValue(_kinds) ?? []);
            return filter;
        }
    }
}
