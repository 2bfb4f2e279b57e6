using System.Reflection;

namespace SafeCommunity.Iot.Gateway.Tests.Architecture;

/// <summary>
/// The projects depend in the direction a frame flows (docs/architecture.md): receivers hand frames to the
/// ingestion through Core's contracts, and the API and telemetry reach the pipeline and the LoRaWAN receiver only
/// through contracts in Core and Alarms. Read from the compiled assemblies, so a reference the code does not use
/// does not count and one it uses cannot hide.
/// </summary>
public sealed class ProjectGraphTests
{
    private const string Prefix = "SafeCommunity.Iot.";

    public static TheoryData<string, string[]> AllowedReferences => new()
    {
        { "Protocol", [] },
        { "Core", ["Protocol"] },
        { "Geofences", ["Core", "Protocol"] },
        { "Alarms", ["Core", "Geofences", "Protocol"] },
        { "Ingestion", ["Alarms", "Core", "Geofences", "Protocol"] },
        { "Storage", ["Core", "Geofences", "Protocol"] },
        { "Receivers.Serial", ["Core", "Protocol"] },
        { "Receivers.LoRaWan", ["Core", "Protocol"] },
        { "Telemetry", ["Alarms", "Core", "Protocol"] },
        { "Notifications", ["Core", "Protocol"] },
        { "History", ["Alarms", "Core", "Geofences", "Protocol", "Storage", "Telemetry"] },
        { "Api", ["Alarms", "Contracts", "Core", "Geofences", "History", "Notifications", "Protocol", "Storage"] },
    };

    [Theory]
    [MemberData(nameof(AllowedReferences))]
    public void AProject_ReferencesOnlyTheProjectsUpstreamOfIt(string project, string[] allowed)
    {
        var referenced = Assembly.Load(Prefix + project).GetReferencedAssemblies()
            .Select(a => a.Name!)
            .Where(name => name.StartsWith(Prefix, StringComparison.Ordinal))
            .Select(name => name[Prefix.Length..])
            .Order(StringComparer.Ordinal)
            .ToArray();

        Assert.Empty(referenced.Except(allowed, StringComparer.Ordinal));
    }
}
