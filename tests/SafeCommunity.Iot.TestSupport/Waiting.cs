namespace SafeCommunity.Iot.TestSupport;

/// <summary>Generous "happens within N seconds" waits that say what they waited for; never a timing assertion.</summary>
public static class Waiting
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    /// <summary>Waits until <paramref name="condition"/> holds, or throws a <see cref="TimeoutException"/> naming <paramref name="what"/>.</summary>
    public static Task UntilAsync(Func<bool> condition, TimeSpan timeout, string what, Func<string>? log = null) =>
        UntilAsync(() => Task.FromResult(condition()), timeout, what, log);

    /// <summary>
    /// Waits until <paramref name="condition"/> holds, or throws a <see cref="TimeoutException"/> naming
    /// <paramref name="what"/> with <paramref name="log"/> (a gateway's output) appended. A request that fails or
    /// times out counts as "not yet": a server or gateway busy starting or catching up may answer late.
    /// </summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what, Func<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
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
                    $"Waited {timeout.TotalSeconds:F0} s for {what}." + (log is null ? string.Empty : $" The gateway's log:\n{log()}"), lastError);
            }

            await Task.Delay(Interval);
        }
    }
}
