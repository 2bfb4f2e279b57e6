using System.Globalization;
using SafeCommunity.Iot.Cli.Cli;
using SafeCommunity.Iot.Contracts.V1;

namespace SafeCommunity.Iot.Cli.Commands;

/// <summary>What a downlink command's answer means, in one line; 0 only when the device confirmed it carried it out.</summary>
internal static class CommandResults
{
    /// <summary>The default wait for a device's acknowledgement (the gateway's default too).</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    public static int Write(CommandResponse response, string what, uint device, TimeSpan timeout, CliContext context)
    {
        var counter = response.Counter.ToString(CultureInfo.InvariantCulture);
        var id = device.ToString(CultureInfo.InvariantCulture);
        switch (response.Status)
        {
            case CommandStatus.Acknowledged when response.Result == CommandResult.Done:
                context.Out.WriteLine($"{what}: device {id} confirmed it (downlink counter {counter})");
                return ExitCodes.Success;
            case CommandStatus.Acknowledged:
                context.Error.WriteLine($"safecomm: {what}: device {id} answered but did not carry it out: {Result(response.Result)} (downlink counter {counter})");
                return ExitCodes.Failed;
            case CommandStatus.TimedOut:
                context.Error.WriteLine(
                    $"safecomm: {what}: sent to device {id} (downlink counter {counter}), but it did not confirm within " +
                    $"{Durations.Seconds(timeout)}; it may still carry it out when it next listens");
                return ExitCodes.Failed;
            default:
                context.Error.WriteLine($"safecomm: {what}: the gateway gave no status for the command (downlink counter {counter})");
                return ExitCodes.Failed;
        }
    }

    private static string Result(CommandResult result) => result switch
    {
        CommandResult.UnsupportedCommand => "it does not support this command",
        CommandResult.InvalidArgument => "it refused the argument",
        CommandResult.Failed => "it failed",
        _ => "no result",
    };
}
