using System.CommandLine;
using System.Globalization;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using SafeCommunity.Iot.Cli.Cli;
using SafeCommunity.Iot.Cli.Output;
using SafeCommunity.Iot.Contracts.V1;

namespace SafeCommunity.Iot.Cli.Commands;

/// <summary><c>safecomm devices list|import|command</c>.</summary>
internal static class DevicesCommands
{
    public static Command Build(Runner runner)
    {
        var devices = new Command("devices", "The registry of chips and wristbands, and downlink commands");
        devices.Subcommands.Add(List(runner));
        devices.Subcommands.Add(Import(runner));
        devices.Subcommands.Add(SendCommand(runner));
        return devices;
    }

    private static Command List(Runner runner)
    {
        var communities = Values.StringList("--community", "Only this community's devices (repeatable)", "COMMUNITY");
        var kinds = Values.EnumList<DeviceKind>("--kind", "Only devices of this kind (repeatable)");
        var json = Values.Json();
        var command = new Command("list", "Enrolled devices (every page)");
        command.Options.Add(communities);
        command.Options.Add(kinds);
        command.Options.Add(json);
        command.SetAction((result, cancellationToken) => runner.CallAsync(result, "list devices", async connection =>
        {
            var request = new ListDevicesRequest { Page = new PageRequest { PageSize = 1000 } };
            request.CommunityIds.AddRange(result.GetValue(communities) ?? []);
            request.Kinds.AddRange(result.GetValue(kinds) ?? []);
            var devices = new List<Device>();
            do
            {
                var response = await connection.Devices.ListAsync(request, runner.Unary(cancellationToken));
                devices.AddRange(response.Devices);
                request.Page.PageToken = response.NextPageToken;
            }
            while (request.Page.PageToken.Length > 0);

            if (result.GetValue(json))
            {
                foreach (var device in devices)
                {
                    runner.Context.Out.WriteLine(Formats.JsonLine(device));
                }

                return ExitCodes.Success;
            }

            var table = new TextTable(new("ID", true), new("KIND"), new("NAME"), new("COMMUNITY"), new("OWNER"), new("DEVEUI"), new("STOLEN"));
            foreach (var device in devices)
            {
                table.Add(
                    device.Id.ToString(CultureInfo.InvariantCulture),
                    Formats.Name(device.Kind),
                    device.DisplayName,
                    device.CommunityId,
                    device.Owner,
                    device.DevEui,
                    device.ReportedStolen ? "yes" : null);
            }

            table.WriteTo(runner.Context.Out);
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }

    private static Command Import(Runner runner)
    {
        var file = new Argument<string>("file") { Description = "The registry file (JSON, the format of docs/configuration.md#registry-import)" };
        var command = new Command("import", "Import a registry file: all of it, or nothing (every error is listed)");
        command.Arguments.Add(file);
        command.SetAction((result, cancellationToken) =>
        {
            var path = result.GetValue(file)!;
            byte[] content;
            try
            {
                content = File.ReadAllBytes(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                return Task.FromResult(runner.Usage($"cannot read {path}: {e.Message}"));
            }

            return runner.CallAsync(result, $"import the registry file {path}", async connection =>
            {
                var response = await connection.Devices.ImportAsync(
                    new ImportRegistryRequest { RegistryJson = ByteString.CopyFrom(content) },
                    runner.Unary(cancellationToken));
                if (response.Errors.Count > 0)
                {
                    foreach (var error in response.Errors)
                    {
                        runner.Context.Out.WriteLine($"{(error.Where.Length > 0 ? error.Where : path)}: {error.Reason}");
                    }

                    runner.Notice($"{path}: {Plural(response.Errors.Count, "error")}; nothing was imported");
                    return ExitCodes.Failed;
                }

                runner.Context.Out.WriteLine(
                    $"imported {Plural(response.Communities, "community", "communities")}, {Plural(response.Receivers, "receiver")} and {Plural(response.Devices, "device")} from {path}");
                return ExitCodes.Success;
            }, cancellationToken);
        });
        return command;
    }

    private static Command SendCommand(Runner runner)
    {
        var device = Values.DeviceArgument();
        var name = Values.EnumArgument<DeviceCommand>("command", "The command");
        var argument = new Argument<uint?>("argument")
        {
            Description = "Seconds: the report interval for set-report-interval (10..65535), how long for sound-buzzer (1..120)",
            Arity = ArgumentArity.ZeroOrOne,
            CustomParser = r =>
            {
                var text = r.Tokens[0].Value;
                if (uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
                {
                    return seconds;
                }

                r.AddError($"argument '{text}' is not a whole number of seconds");
                return null;
            },
        };
        var timeout = Values.Duration("--timeout", "How long to wait for the device's acknowledgement (default 60s)");
        var command = new Command("command", "Send a downlink command and wait for the device to confirm it");
        command.Arguments.Add(device);
        command.Arguments.Add(name);
        command.Arguments.Add(argument);
        command.Options.Add(timeout);
        command.SetAction((result, cancellationToken) =>
        {
            var which = result.GetValue(name);
            var value = result.GetValue(argument);
            var needsArgument = which is DeviceCommand.SetReportInterval or DeviceCommand.SoundBuzzer;
            var commandName = Formats.Name(which);
            if (needsArgument && value is null)
            {
                return Task.FromResult(runner.Usage($"{commandName} needs an argument in seconds, e.g. 'safecomm devices command 570425345 {commandName} {(which == DeviceCommand.SoundBuzzer ? 10 : 300)}'"));
            }

            if (!needsArgument && value is not null)
            {
                return Task.FromResult(runner.Usage($"{commandName} takes no argument"));
            }

            return runner.CallAsync(result, $"send {commandName} to device {result.GetValue(device)}", async connection =>
            {
                var wait = result.GetValue(timeout) ?? CommandResults.DefaultTimeout;
                var request = new SendCommandRequest { DeviceId = result.GetValue(device), Command = which, Argument = value ?? 0 };
                if (result.GetValue(timeout) is { } given)
                {
                    request.AckTimeout = Duration.FromTimeSpan(given);
                }

                var response = await connection.Devices.SendCommandAsync(request, runner.Unary(cancellationToken, wait));
                return CommandResults.Write(response, commandName, request.DeviceId, wait, runner.Context);
            }, cancellationToken);
        });
        return command;
    }

    private static string Plural(int count, string one, string? many = null) =>
        $"{count.ToString(CultureInfo.InvariantCulture)} {(count == 1 ? one : many ?? one + "s")}";
}
