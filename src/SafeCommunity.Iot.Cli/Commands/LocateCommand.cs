using System.CommandLine;
using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using SafeCommunity.Iot.Cli.Cli;
using SafeCommunity.Iot.Cli.Output;
using SafeCommunity.Iot.Contracts.V1;

namespace SafeCommunity.Iot.Cli.Commands;

/// <summary><c>safecomm locate &lt;device&gt; [--trail 2h] [--limit N] [--json]</c>.</summary>
internal static class LocateCommand
{
    public static Command Build(Runner runner)
    {
        var device = Values.DeviceArgument();
        var trail = Values.Duration("--trail", "Also the trail over this window back from now (at most 30d), e.g. 2h");
        var limit = Values.Whole("--limit", "At most this many trail points, newest kept (1..10000; default 1000)", 1, 10_000);
        var json = Values.Json("the answer as one JSON object");
        var command = new Command("locate", "Where a device is now (position, accuracy, source, age, battery, status) and, with --trail, where it has been");
        command.Arguments.Add(device);
        command.Options.Add(trail);
        command.Options.Add(limit);
        command.Options.Add(json);
        command.SetAction((result, cancellationToken) =>
        {
            if (result.GetValue(limit) is not null && result.GetValue(trail) is null)
            {
                return Task.FromResult(runner.Usage("--limit needs --trail (the window of the trail)"));
            }

            return runner.CallAsync(result, $"locate device {result.GetValue(device)}", async connection =>
            {
                var request = new LocateRequest { DeviceId = result.GetValue(device), TrailLimit = result.GetValue(limit) ?? 0 };
                if (result.GetValue(trail) is { } window)
                {
                    request.Trail = Duration.FromTimeSpan(window);
                }

                var response = await connection.Devices.LocateAsync(request, runner.Unary(cancellationToken));
                if (result.GetValue(json))
                {
                    runner.Context.Out.WriteLine(Formats.JsonLine(response));
                }
                else
                {
                    Write(response, request, result.GetValue(trail), runner.Context);
                }

                return ExitCodes.Success;
            }, cancellationToken);
        });
        return command;
    }

    /// <summary>The human answer: the device, where it is, when it was last heard, battery and status, then the trail.</summary>
    internal static void Write(LocateResponse response, LocateRequest request, TimeSpan? window, CliContext context)
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

        if (window is null)
        {
            return;
        }

        context.Out.WriteLine();
        var truncated = response.TrailTruncated ? "; older points left out, see --limit" : string.Empty;
        context.Out.WriteLine($"trail: {response.Trail.Count.ToString(CultureInfo.InvariantCulture)} points over the last {Durations.Humanize(window.Value)} (oldest first{truncated})");
        if (response.Trail.Count == 0)
        {
            return;
        }

        var table = new TextTable(new("TIME"), new("PLACE"), new("SOURCE"), new("RECEIVER"));
        foreach (var point in response.Trail)
        {
            table.Add(
                Formats.LocalTime(point.Location?.At, time),
                Formats.Place(point.Location),
                point.Location is null ? null : Formats.Name(point.Location.Source),
                point.ReceiverId);
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
