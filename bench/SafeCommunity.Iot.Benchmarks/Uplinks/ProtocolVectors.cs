using System.Text.Json;

namespace SafeCommunity.Iot.Benchmarks.Uplinks;

/// <summary>Reads the shared protocol vectors (firmware-protocol/vectors, PROTOCOL.md §3) from the repository.</summary>
public static class ProtocolVectors
{
    /// <summary>The bytes (<c>hex</c>) and key (<c>key</c>) of the vector <paramref name="name"/>.</summary>
    public static (byte[] Bytes, byte[] Key) Load(string name)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder(), name + ".json")));
        var root = document.RootElement;
        return (Convert.FromHexString(root.GetProperty("hex").GetString()!), Convert.FromHexString(root.GetProperty("key").GetString()!));
    }

    // BenchmarkDotNet runs a copy of this program from a folder under bin/: the vectors are found by walking up.
    private static string Folder()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "firmware-protocol", "vectors");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("firmware-protocol/vectors was not found above " + AppContext.BaseDirectory);
    }
}
