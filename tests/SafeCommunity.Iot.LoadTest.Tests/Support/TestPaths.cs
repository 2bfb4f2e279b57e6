using SafeCommunity.Iot.LoadTest.Running;

namespace SafeCommunity.Iot.LoadTest.Tests.Support;

/// <summary>The repository's files as the tests find them.</summary>
internal static class TestPaths
{
    public static string Root => RepositoryPaths.FindRoot() ?? throw new InvalidOperationException("the tests run inside the repository");

    public static string SeedFile => Path.Combine(Root, RepositoryPaths.SeedFile);

    /// <summary>The gateway built in the same configuration as these tests (bin/Release/net10.0 or bin/Debug/net10.0).</summary>
    public static string GatewayDll
    {
        get
        {
            var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
            return Path.Combine(Root, "src", "SafeCommunity.Iot.Gateway", "bin", configuration, "net10.0", "safecomm-gateway.dll");
        }
    }
}
