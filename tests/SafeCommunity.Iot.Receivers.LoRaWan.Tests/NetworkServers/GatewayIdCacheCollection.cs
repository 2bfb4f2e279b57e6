namespace SafeCommunity.Iot.Receivers.LoRaWan.Tests.NetworkServers;

/// <summary>
/// Tests that parse many distinct gateway ids, and tests that expect one shared string per id, share the process-wide
/// gateway id cache: they run one at a time, so a flood of ids in one cannot push out the strings another compares.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GatewayIdCacheCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "gateway id cache";
}
