namespace SafeCommunity.Iot.Reliability.Tests.Support;

/// <summary>Generous "happens within N seconds" waits that say what they waited for; never a timing assertion.</summary>
internal static class Poll
{
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what, Func<string>? log = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Waited {timeout.TotalSeconds:F0} s for {what}." + (log is null ? string.Empty : $" The gateway's log:\n{log()}"));
            }

            await Task.Delay(100);
        }
    }
}
