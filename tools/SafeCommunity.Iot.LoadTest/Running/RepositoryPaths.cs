namespace SafeCommunity.Iot.LoadTest.Running;

/// <summary>Where the gateway's build and the seed deployment are when the tool runs from the repository.</summary>
internal static class RepositoryPaths
{
    /// <summary>The gateway's Release build output, relative to the repository root.</summary>
    public const string GatewayDll = "src/SafeCommunity.Iot.Gateway/bin/Release/net10.0/safecomm-gateway.dll";

    /// <summary>The seed deployment, relative to the repository root.</summary>
    public const string SeedFile = "src/SafeCommunity.Iot.Gateway/Seed/anlong-county.json";

    /// <summary>The repository root: the first folder holding SafeCommunity.Iot.sln above the current folder or the tool's own.</summary>
    public static string? FindRoot()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
            {
                if (File.Exists(Path.Combine(folder.FullName, "SafeCommunity.Iot.sln")))
                {
                    return folder.FullName;
                }
            }
        }

        return null;
    }
}
