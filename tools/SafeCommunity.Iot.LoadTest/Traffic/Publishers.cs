namespace SafeCommunity.Iot.LoadTest.Traffic;

/// <summary>What the MQTT and serial loads do with all their transports at once.</summary>
internal static class Publishers
{
    /// <summary>True when every drain finished in time.</summary>
    public static async Task<bool> AllDrainedAsync(IEnumerable<Task<bool>> drains) => (await Task.WhenAll(drains)).All(d => d);

    /// <summary>Disposes each in turn.</summary>
    public static async ValueTask DisposeAllAsync(IEnumerable<IAsyncDisposable> transports)
    {
        foreach (var transport in transports)
        {
            await transport.DisposeAsync();
        }
    }
}
