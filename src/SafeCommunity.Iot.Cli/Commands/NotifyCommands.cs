using System.CommandLine;
using System.Globalization;
using SafeCommunity.Iot.Cli.Cli;
using SafeCommunity.Iot.Cli.Output;
using SafeCommunity.Iot.Contracts.V1;

namespace SafeCommunity.Iot.Cli.Commands;

/// <summary><c>safecomm notify list|add|remove|dead-letters</c>: who is told of what, and what could not be told.</summary>
internal static class NotifyCommands
{
    public static Command Build(Runner runner)
    {
        var notify = new Command("notify", "Notifications to people: subscriptions (webhook, SMS, e-mail) and dead letters");
        notify.Subcommands.Add(List(runner));
        notify.Subcommands.Add(Add(runner));
        notify.Subcommands.Add(Remove(runner));
        notify.Subcommands.Add(DeadLetters(runner));
        return notify;
    }

    private static Command List(Runner runner)
    {
        var json = Values.Json();
        var command = new Command("list", "Subscriptions within the token's scope");
        command.Options.Add(json);
        command.SetAction((result, cancellationToken) => runner.CallAsync(result, "list subscriptions", async connection =>
        {
            var response = await connection.Notifications.ListSubscriptionsAsync(new ListSubscriptionsRequest(), runner.Unary(cancellationToken));
            if (result.GetValue(json))
            {
                foreach (var subscription in response.Subscriptions)
                {
                    runner.Context.Out.WriteLine(Formats.JsonLine(subscription));
                }

                return ExitCodes.Success;
            }

            var table = new TextTable(new("ID"), new("NAME"), new("SCOPE"), new("LEVEL"), new("CHANNEL"), new("ADDRESS"), new("WHAT"), new("QUIET"));
            foreach (var s in response.Subscriptions)
            {
                table.Add(s.Id, s.Name, Scope(s), Formats.Name(s.Level), Formats.Name(s.Channel), s.Address, What(s), Quiet(s));
            }

            table.WriteTo(runner.Context.Out);
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }

    private static Command Add(Runner runner)
    {
        var name = new Option<string>("--name") { Description = "What to call it (\"Wang family, daughter's phone\")", HelpName = "NAME", Required = true };
        var channel = Values.EnumValue<NotificationChannel>("--channel", "How to tell");
        channel.Required = true;
        var address = new Option<string>("--address") { Description = "The webhook URL, the phone number or the e-mail address", HelpName = "ADDRESS", Required = true };
        var devices = Values.DeviceList("--device", "Only these devices (repeatable; default: every device the token sees)");
        var kinds = Values.EnumList<AlarmKind>("--kind", "Only these kinds (repeatable; default: all)");
        var severity = Values.EnumValue<AlarmSeverity>("--min-severity", "The least severity told (default: low)");
        var level = Values.EnumValue<NotificationLevel>("--level", "When in an alarm's life (default: watcher)");
        var quiet = new Option<string?>("--quiet") { Description = "Quiet hours, local HH:mm-HH:mm (22:00-07:00); critical alarms are told at any hour", HelpName = "FROM-UNTIL" };
        var zone = new Option<string?>("--time-zone") { Description = "The quiet hours' IANA time zone (default: Asia/Shanghai)", HelpName = "ZONE" };
        var language = new Option<string?>("--language") { Description = "zh-CN (default) or en", HelpName = "LANG" };
        var role = Values.EnumValue<Role>("--role", "Administrators: the scope's role (default: the token's own)");
        var principal = new Option<string?>("--principal") { Description = "Administrators: a family's household or an owner", HelpName = "P" };
        var communities = Values.StringList("--community", "A post's communities (repeatable)", "COMMUNITY");
        var json = Values.Json("the new subscription and its webhook secret as one JSON object");
        var command = new Command("add", "Add a subscription; a webhook's signing secret is printed once and never again");
        foreach (var option in new Option[] { name, channel, address, devices, kinds, severity, level, quiet, zone, language, role, principal, communities, json })
        {
            command.Options.Add(option);
        }

        command.SetAction((result, cancellationToken) =>
        {
            var request = new AddSubscriptionRequest
            {
                Name = result.GetValue(name)?.Trim() ?? string.Empty,
                Channel = result.GetValue(channel) ?? NotificationChannel.Unspecified,
                Address = result.GetValue(address)?.Trim() ?? string.Empty,
                MinSeverity = result.GetValue(severity) ?? AlarmSeverity.Unspecified,
                Level = result.GetValue(level) ?? NotificationLevel.Unspecified,
                QuietTimeZone = result.GetValue(zone)?.Trim() ?? string.Empty,
                Language = result.GetValue(language)?.Trim() ?? string.Empty,
                Role = result.GetValue(role) ?? Role.Unspecified,
                Principal = result.GetValue(principal)?.Trim() ?? string.Empty,
            };
            request.DeviceIds.AddRange(result.GetValue(devices) ?? []);
            request.Kinds.AddRange(result.GetValue(kinds) ?? []);
            request.CommunityIds.AddRange(result.GetValue(communities) ?? []);
            if (result.GetValue(quiet) is { } window)
            {
                var parts = window.Split('-', StringSplitOptions.TrimEntries);
                if (parts.Length != 2 || !IsTime(parts[0]) || !IsTime(parts[1]))
                {
                    return Task.FromResult(runner.Usage($"--quiet '{window}' is not FROM-UNTIL as HH:mm-HH:mm (for example 22:00-07:00)"));
                }

                (request.QuietFrom, request.QuietUntil) = (parts[0], parts[1]);
            }

            return runner.CallAsync(result, "add subscriptions", async connection =>
            {
                var response = await connection.Notifications.AddSubscriptionAsync(request, runner.Unary(cancellationToken));
                if (result.GetValue(json))
                {
                    runner.Context.Out.WriteLine(Formats.JsonLine(response));
                    return ExitCodes.Success;
                }

                var s = response.Subscription ?? new Subscription();
                new Details()
                    .Add("subscription", s.Id)
                    .Add("name", s.Name)
                    .Add("scope", Scope(s))
                    .Add("level", Formats.Name(s.Level))
                    .Add("channel", $"{Formats.Name(s.Channel)} {s.Address}")
                    .Add("what", What(s))
                    .Add("quiet", Quiet(s))
                    .Add("secret", response.WebhookSecret.Length > 0 ? response.WebhookSecret : null)
                    .WriteTo(runner.Context.Out);
                if (response.WebhookSecret.Length > 0)
                {
                    runner.Notice("keep the secret now: the webhook's receiver checks X-SafeCommunity-Signature with it, and it is not shown again");
                }

                return ExitCodes.Success;
            }, cancellationToken);
        });
        return command;
    }

    private static Command Remove(Runner runner)
    {
        var id = new Argument<string>("id") { Description = "The subscription's id (sub-...)" };
        var command = new Command("remove", "Remove a subscription; what is still pending for it is not sent");
        command.Arguments.Add(id);
        command.SetAction((result, cancellationToken) => runner.CallAsync(result, $"remove subscription {result.GetValue(id)}", async connection =>
        {
            await connection.Notifications.RemoveSubscriptionAsync(
                new RemoveSubscriptionRequest { SubscriptionId = result.GetValue(id)!.Trim() },
                runner.Unary(cancellationToken));
            runner.Context.Out.WriteLine($"subscription {result.GetValue(id)!.Trim()} removed");
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }

    private static Command DeadLetters(Runner runner)
    {
        var limit = Values.Whole("--limit", "At most this many (default 100)", 1, 500);
        var json = Values.Json();
        var command = new Command("dead-letters", "Notifications given up on, newest first, with why");
        command.Options.Add(limit);
        command.Options.Add(json);
        command.SetAction((result, cancellationToken) => runner.CallAsync(result, "list dead letters", async connection =>
        {
            var response = await connection.Notifications.ListDeadLettersAsync(
                new ListDeadLettersRequest { Limit = result.GetValue(limit) ?? 0 },
                runner.Unary(cancellationToken));
            if (result.GetValue(json))
            {
                foreach (var letter in response.DeadLetters)
                {
                    runner.Context.Out.WriteLine(Formats.JsonLine(letter));
                }

                return ExitCodes.Success;
            }

            var time = runner.Context.Time;
            var table = new TextTable(new("GIVEN UP"), new("ALARM"), new("EVENT"), new("SUBSCRIPTION"), new("CHANNEL"), new("TRIES"), new("WHY"));
            foreach (var d in response.DeadLetters)
            {
                table.Add(
                    Formats.LocalTime(d.GivenUpAt, time), Formats.Number(d.AlarmId), Formats.Number(d.Sequence), d.SubscriptionId,
                    Formats.Name(d.Channel), d.Attempts.ToString(CultureInfo.InvariantCulture), d.LastError);
            }

            table.WriteTo(runner.Context.Out);
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }

    private static bool IsTime(string text) => TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    private static string Scope(Subscription s) => s.Role switch
    {
        Role.Admin => "everything",
        Role.Post => "communities " + string.Join(", ", s.CommunityIds),
        Role.Family => "household " + s.Principal,
        Role.Owner => "owner " + s.Principal,
        _ => "-",
    } + (s.DeviceIds.Count > 0 ? "; devices " + string.Join(", ", s.DeviceIds) : string.Empty);

    private static string What(Subscription s) =>
        (s.Kinds.Count == 0 ? "all kinds" : string.Join(", ", s.Kinds.Select(k => Formats.Name(k))))
        + (s.MinSeverity > AlarmSeverity.Low ? $", {Formats.Name(s.MinSeverity)} and above" : string.Empty)
        + ", " + s.Language;

    private static string Quiet(Subscription s) =>
        s.QuietFrom.Length == 0 ? "-" : $"{s.QuietFrom}-{s.QuietUntil} {s.QuietTimeZone}";
}
