using System.CommandLine;
using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using SafeCommunity.Iot.Cli.Cli;
using SafeCommunity.Iot.Cli.Output;
using SafeCommunity.Iot.Contracts.V1;

namespace SafeCommunity.Iot.Cli.Commands;

/// <summary><c>safecomm locate &lt;device&gt; [--trail 2h | --from T [--to T]] [--limit N] [--json]</c>.</summary>
internal static class LocateCommand
{
    public static Command Build(Runner runner)
    {
        var device = Values.DeviceArgument();
        var trail = Values.Duration("--trail", "Also the trail over this window back from now (at most 30d), e.g. 2h");
        var from = Values.PointInTime("--from", "Instead of --trail: the trail since this moment, of any age (ISO 8601 or a duration ago such as 30d; at most 92 days long)", runner.Context, PointsInTime.Direction.Ago);
        var to = Values.PointInTime("--to", "The end of the --from period (ISO 8601 or a duration ago; default: now)", runner.Context, PointsInTime.Direction.Ago);
        var limit = Values.Whole("--limit", "At most this many trail points, newest kept (1..10000; default 1000)", 1, 10_000);
        var json = Values.Json("the answer as one JSON object");
        var command = new Command("locate", "Where a device is now (position, accuracy, source, age, battery, status) and, with --trail or --from, where it has been");
        command.Arguments.Add(device);
        command.Options.Add(trail);
        command.Options.Add(from);
        command.Options.Add(to);
        command.Options.Add(limit);
        command.Options.Add(json);
        command.SetAction((result, cancellationToken) =>
        {
            var period = result.GetValue(from) is { } start ? (From: start, Until: result.GetValue(to)) : ((DateTimeOffset From, DateTimeOffset? Until)?)null;
            if (UsageProblem(result.GetValue(trail), period, result.GetValue(to), result.GetValue(limit)) is { } problem)
            {
                return Task.FromResult(runner.Usage(problem));
            }

            return runner.CallAsync(result, $"locate device {result.GetValue(device)}", async connection =>
            {
                var request = new LocateRequest { DeviceId = result.GetValue(device), TrailLimit = result.GetValue(limit) ?? 0 };
                if (result.GetValue(trail) is { } window)
                {
                    request.Trail = Duration.FromTimeSpan(window);
                }

                if (period is { } asked)
                {
                    request.TrailFrom = Timestamp.FromDateTimeOffset(asked.From);
                    if (asked.Until is { } until)
                    {
                        request.TrailUntil = Timestamp.FromDateTimeOffset(until);
                    }
                }

                var response = await connection.Devices.LocateAsync(request, runner.Unary(cancellationToken));
                foreach (var warning in response.Warnings)
                {
                    runner.Notice("warning: " + warning);
                }

                if (result.GetValue(json))
                {
                    runner.Context.Out.WriteLine(Formats.JsonLine(response));
                }
                else
                {
                    Write(response, request, TrailTitle(result.GetValue(trail), period, runner.Context.Time), runner.Context);
                }

                return ExitCodes.Success;
            }, cancellationToken);
        });
        return command;
    }

    private static string? UsageProblem(TimeSpan? trail, (DateTimeOffset From, DateTimeOffset? Until)? period, DateTimeOffset? to, int? limit)
    {
        if (trail is not null && period is not null)
        {
            return "give either --trail (a window back from now) or --from (a period), not both";
        }

        if (to is not null && period is null)
        {
            return "--to needs --from (the start of the period)";
        }

        if (period is { Until: { } until } asked && until <= asked.From)
        {
            return $"--to ({until:O}) must be after --from ({asked.From:O})";
        }

        return limit is not null && trail is null && period is null ? "--limit needs --trail or --from (the trail's window or period)" : null;
    }

    /// <summary>How the trail's heading names what was asked ("over the last 2h", "from ... to ..."), or null for no trail.</summary>
    private static string? TrailTitle(TimeSpan? window, (DateTimeOffset From, DateTimeOffset? Until)? period, TimeProvider time)
    {
        if (window is { } last)
        {
            return "over the last " + Durations.Humanize(last);
        }

        return period is { } asked
            ? $"from {Formats.LocalTime(Timestamp.FromDateTimeOffset(asked.From), time)} to {(asked.Until is { } until ? Formats.LocalTime(Timestamp.FromDateTimeOffset(until), time) : "now")}"
            : null;
    }

    /// <summary>The human answer: the device, where it is, when it was last heard, battery and status, then the trail.</summary>
    internal static void Write(LocateResponse response, LocateRequest request, string? trailTitle, CliContext context)
    {
        var time = context.Time;
        var device = response.Device ?? new Device { Id = request.DeviceId };
        var who = new List<string> { Formats.Name(device.Kind) };
        if (device.CommunityId.Length > 0)
        {
            who.Add("community " + device.CommunityId);
        }

        if (device.Owner.Length > 0)
        {
            who.Add("owner " + device.Owner);
        }

        var name = device.DisplayName.Length > 0 ? device.DisplayName + " " : string.Empty;
        var stolen = device.ReportedStolen ? "  REPORTED STOLEN" : string.Empty;

        string position;
        if (response.Location is { } location)
        {
            var age = response.Age?.ToTimeSpan() ?? (location.At is null ? TimeSpan.Zero : time.GetUtcNow() - location.At.ToDateTimeOffset());
            position = $"{Formats.Place(location)}, {Formats.Name(location.Source)}, {Durations.Humanize(age)} old ({Formats.LocalTime(location.At, time)})";
        }
        else
        {
            position = "never located";
        }

        var lastHeard = response.LastSeen is null
            ? "never"
            : $"{Formats.LocalTime(response.LastSeen, time)} ({Formats.Ago(response.LastSeen, time)})"
              + (response.LastReceiverId.Length > 0 ? " by " + response.LastReceiverId : string.Empty);

        var status = response.Status ?? new DeviceStatus();
        new Details()
            .Add("device", $"{device.Id.ToString(CultureInfo.InvariantCulture)}  {name}({string.Join(", ", who)}){stolen}")
            .Add("position", position)
            .Add("last heard", lastHeard)
            .Add("battery", status.HasBatteryPercent ? status.BatteryPercent.ToString(CultureInfo.InvariantCulture) + "%" : "unknown")
            .Add("status", StatusFlags(status))
            .WriteTo(context.Out);

        if (trailTitle is null)
        {
            return;
        }

        context.Out.WriteLine();
        var truncated = response.TrailTruncated ? "; older points left out, see --limit" : string.Empty;
        context.Out.WriteLine($"trail: {response.Trail.Count.ToString(CultureInfo.InvariantCulture)} points {trailTitle} (oldest first{truncated})");
        if (response.Trail.Count == 0)
        {
            return;
        }

        var table = new TextTable(new("TIME"), new("PLACE"), new("SOURCE"), new("RECEIVER"), new("FROM"));
        foreach (var point in response.Trail)
        {
            table.Add(
                Formats.LocalTime(point.Location?.At, time),
                Formats.Place(point.Location),
                point.Location is null ? null : Formats.Name(point.Location.Source),
                point.ReceiverId,
                point.Origin == TrailOrigin.Unspecified ? null : Formats.Name(point.Origin));
        }

        table.WriteTo(context.Out);
    }

    /// <summary>The flags that are set, in words: <c>armed, moving</c>; "normal" when none is.</summary>
    internal static string StatusFlags(DeviceStatus status)
    {
        var flags = new List<string>();
        if (status.Sos)
        {
            flags.Add("SOS");
        }

        if (status.Fall)
        {
            flags.Add("fall");
        }

        if (status.Removed)
        {
            flags.Add("removed");
        }

        if (status.Tamper)
        {
            flags.Add("tamper");
        }

        if (status.Armed)
        {
            flags.Add("armed");
        }

        if (status.Moving)
        {
            flags.Add("moving");
        }

        if (status.Charging)
        {
            flags.Add("charging");
        }

        if (status.LowBattery)
        {
            flags.Add("low battery");
        }

        return flags.Count == 0 ? "normal" : string.Join(", ", flags);
    }
}
