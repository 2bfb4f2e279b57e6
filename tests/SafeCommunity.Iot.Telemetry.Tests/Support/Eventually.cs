using SafeCommunity.Iot.TestSupport;

namespace SafeCommunity.Iot.Telemetry.Tests.Support;

/// <summary>Generous "arrives within N seconds" waits; no timing assertions.</summary>
internal static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, TimeSpan timeout, string what) =>
        await TrueAsync(() => Task.FromResult(condition()), timeout, what);

    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan timeout, string what, GatewayProcess? gateway = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Waited {timeout.TotalSeconds:F0} s for {what}." + (gateway is null ? string.Empty : $" The gateway's log:\n{gateway.Log}"));
            }

            await Task.Delay(25);
        }
    }
}
