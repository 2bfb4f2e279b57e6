namespace SafeCommunity.Iot.Reliability.Tests.Support;

/// <summary>Generous "happens within N seconds" waits that say what they waited for; never a timing assertion.</summary>
internal static class Poll
{
    /// <summary>
    /// Waits until <paramref name="condition"/> holds. A request to the gateway that fails or times out counts as
    /// "not yet": a gateway busy starting or catching up may answer late.
    /// </summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what, Func<string>? log = null)
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
                    $"Waited {timeout.TotalSeconds:F0} s for {what}." + (log is null ? string.Empty : $" The gateway's log:\n{log()}"), lastError);
            }

            await Task.Delay(100);
        }
    }
}
