using System.Runtime.InteropServices;
using SafeCommunity.Iot.Simulator.Cli;
using SafeCommunity.Iot.Simulator.Running;

if (!CommandLine.TryParse(args, out var options, out var error))
{
    Console.Error.WriteLine($"safecomm-simulator: {error}");
    Console.Error.WriteLine("Run safecomm-simulator --help for the options.");
    return SimulationRunner.UsageError;
}

if (options.Help)
{
    Console.Out.Write(SimulatorOptions.Usage);
    return SimulationRunner.Success;
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    stop.Cancel();
});

await using var runner = new SimulationRunner(options, Console.Out, Console.Error);
return await runner.RunAsync(stop.Token);
