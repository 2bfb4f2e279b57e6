using SafeCommunity.Iot.TestSupport;

namespace SafeCommunity.Iot.Telemetry.Tests.Support;

/// <summary>Generous "arrives within N seconds" waits; no timing assertions.</summary>
internal static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, TimeSpan timeout, string what) =>
        await TrueAsync(() => Task.FromResult(condition()), timeout, what);

    /// <summary>
    /// Waits until <paramref name="condition"/> holds. A request that fails or times out counts as "not yet": a
    /// server or gateway busy starting or catching up may answer late.
    /// </summary>
    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan timeout, string what, GatewayProcess? gateway = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        Exception? lastError = null;
        while (true)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                lastError = exception;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException(
                    $"Waited {timeout.TotalSeconds:F0} s for {what}." + (gateway is null ? string.Empty : $" The gateway's log:\n{gateway.Log}"), lastError);
            }

            await Task.Delay(25);
        }
    }
}
