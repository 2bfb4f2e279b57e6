using SafeCommunity.Iot.Storage.Database;

namespace SafeCommunity.Iot.Gateway.Hosting;

/// <summary>
/// Runs the gateway until it stops and chooses the process exit code: 0 after a normal stop,
/// <see cref="DatabaseDamage.ExitCode"/> when the database is damaged (with one log line saying what to do), 1 when a
/// background service failed for another reason. The host is started and awaited by hand: <c>RunAsync</c> disposes it
/// (and its logging) before a failure surfaces, and a failed background service stops the host without an exception
/// and with exit code 0 (dotnet/runtime#67146).
/// </summary>
internal static class GatewayRun
{
    public static async Task<int> RunAsync(WebApplication app)
    {
        try
        {
            await app.StartAsync();
            await app.WaitForShutdownAsync();
        }
        catch (Exception exception) when (DatabaseDamage.TryReport(exception, app.Services))
        {
            return DatabaseDamage.ExitCode;
        }

        var failure = app.Services.GetServices<IHostedService>()
            .OfType<BackgroundService>()
            .Select(service => service.ExecuteTask?.Exception)
            .FirstOrDefault(exception => exception is not null);
        if (failure is null)
        {
            return 0;
        }

        return DatabaseDamage.TryReport(failure, app.Services) ? DatabaseDamage.ExitCode : 1;
    }
}
