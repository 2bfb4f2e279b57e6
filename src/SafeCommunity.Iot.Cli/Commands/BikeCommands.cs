using System.CommandLine;
using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using SafeCommunity.Iot.Cli.Cli;
using SafeCommunity.Iot.Cli.Output;
using SafeCommunity.Iot.Contracts.V1;

namespace SafeCommunity.Iot.Cli.Commands;

/// <summary><c>safecomm bike report-stolen|recovered|arm|disarm|case-file</c>.</summary>
internal static class BikeCommands
{
    public static Command Build(Runner runner)
    {
        var bike = new Command("bike", "An e-bike's theft report and its chip's alarm");
        bike.Subcommands.Add(ReportStolen(runner));
        bike.Subcommands.Add(Recovered(runner));
        bike.Subcommands.Add(Arm(runner, arm: true));
        bike.Subcommands.Add(Arm(runner, arm: false));
        bike.Subcommands.Add(CaseFileCommand.Build(runner));
        return bike;
    }

    private static Command ReportStolen(Runner runner)
    {
        var device = Values.DeviceArgument("The bike's chip id");
        var reportNumber = new Option<string>("--report-number")
        {
            Description = "The police report number (required; at most 64 characters)",
            HelpName = "NUMBER",
            Required = true,
        };
        var stolenAt = Values.PointInTime("--stolen-at", "When it was stolen: ISO 8601, or a duration ago such as 3h (default: now)", runner.Context, PointsInTime.Direction.Ago);
        var place = new Option<string?>("--place") { Description = "Where it was last seen, in the owner's words", HelpName = "TEXT" };
        var description = new Option<string?>("--description") { Description = "What the bike looks like", HelpName = "TEXT" };
        var command = new Command("report-stolen", "Report a bike stolen: every later sighting raises a critical stolen-bike alarm");
        command.Arguments.Add(device);
        command.Options.Add(reportNumber);
        command.Options.Add(stolenAt);
        command.Options.Add(place);
        command.Options.Add(description);
        command.SetAction((result, cancellationToken) => runner.CallAsync(result, $"report bike {result.GetValue(device)} stolen", async connection =>
        {
            var request = new ReportStolenRequest
            {
                DeviceId = result.GetValue(device),
                PoliceReportNumber = result.GetValue(reportNumber)?.Trim() ?? string.Empty,
                LastSeenPlace = result.GetValue(place)?.Trim() ?? string.Empty,
                Description = result.GetValue(description)?.Trim() ?? string.Empty,
            };
            if (result.GetValue(stolenAt) is { } at)
            {
                request.StolenAt = Timestamp.FromDateTimeOffset(at);
            }

            var response = await connection.Devices.ReportStolenAsync(request, runner.Unary(cancellationToken));
            var report = response.Report ?? new TheftReport();
            runner.Context.Out.WriteLine(
                $"bike {request.DeviceId.ToString(CultureInfo.InvariantCulture)} reported stolen (theft report {Formats.Number(report.Id)}, " +
                $"police report {report.PoliceReportNumber}, stolen at {Formats.LocalTime(report.StolenAt, runner.Context.Time)}); " +
                "every sighting now raises a critical stolen-bike-sighted alarm");
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }

    private static Command Recovered(Runner runner)
    {
        var device = Values.DeviceArgument("The bike's chip id");
        var command = new Command("recovered", "The bike is back: close its open theft report");
        command.Arguments.Add(device);
        command.SetAction((result, cancellationToken) => runner.CallAsync(result, $"report bike {result.GetValue(device)} recovered", async connection =>
        {
            var response = await connection.Devices.ReportRecoveredAsync(
                new ReportRecoveredRequest { DeviceId = result.GetValue(device) },
                runner.Unary(cancellationToken));
            var report = response.Report ?? new TheftReport();
            runner.Context.Out.WriteLine(
                $"bike {result.GetValue(device).ToString(CultureInfo.InvariantCulture)} recovered: theft report {Formats.Number(report.Id)} " +
                $"(police report {report.PoliceReportNumber}) closed at {Formats.LocalTime(report.RecoveredAt, runner.Context.Time)}");
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }

    private static Command Arm(Runner runner, bool arm)
    {
        var device = Values.DeviceArgument("The bike's chip id");
        var timeout = Values.Duration("--timeout", "How long to wait for the chip's acknowledgement (1s..15m; default 60s)");
        var verb = arm ? "arm" : "disarm";
        var command = new Command(verb, arm
            ? "Arm a bike's chip: moving the bike then raises an alarm (waits for the chip to confirm)"
            : "Disarm a bike's chip (waits for the chip to confirm)");
        command.Arguments.Add(device);
        command.Options.Add(timeout);
        command.SetAction((result, cancellationToken) => runner.CallAsync(result, $"{verb} bike {result.GetValue(device)}", async connection =>
        {
            var wait = result.GetValue(timeout) ?? CommandResults.DefaultTimeout;
            var request = new ArmRequest { DeviceId = result.GetValue(device) };
            if (result.GetValue(timeout) is { } given)
            {
                request.AckTimeout = Duration.FromTimeSpan(given);
            }

            var options = runner.Unary(cancellationToken, wait);
            var response = arm
                ? await connection.Devices.ArmAsync(request, options)
                : await connection.Devices.DisarmAsync(request, options);
            return CommandResults.Write(response, verb, request.DeviceId, wait, runner.Context);
        }, cancellationToken));
        return command;
    }
}
