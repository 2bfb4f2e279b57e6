using System.Runtime.InteropServices;
using System.Text;
using SafeCommunity.Iot.Cli.Cli;

Console.OutputEncoding = Encoding.UTF8;

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

var context = new CliContext(Console.Out, Console.Error);
return await CliApp.RunAsync(args, context, stop.Token);
