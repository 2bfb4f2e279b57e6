using SafeCommunity.Iot.LoadTest.Running;

using var stopping = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // The first Ctrl+C ends the run cleanly: the gateway, broker and pseudo-terminals are stopped.
    e.Cancel = true;
    stopping.Cancel();
};
return await LoadTestApp.RunAsync(args, Console.Out, Console.Error, stopping.Token);
