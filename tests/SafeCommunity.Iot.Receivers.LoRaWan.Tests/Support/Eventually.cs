namespace SafeCommunity.Iot.Receivers.LoRaWan.Tests.Support;

/// <summary>Generous "arrives within N seconds" waits; no timing assertions.</summary>
internal static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Waited {timeout.TotalSeconds:F0} s for {what}.");
            }

            await Task.Delay(10);
        }
    }
}
