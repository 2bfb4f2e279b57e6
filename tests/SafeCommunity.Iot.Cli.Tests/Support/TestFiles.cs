namespace SafeCommunity.Iot.Cli.Tests.Support;

/// <summary>
/// The files one test class writes (state files, registry and GeoJSON files, tokens, certificates), in a temporary
/// folder of its own that <see cref="Delete"/> removes (from the class's DisposeAsync).
/// </summary>
public sealed class TestFiles
{
    public TestFiles()
    {
        Root = Path.Combine(Path.GetTempPath(), "safecomm-cli-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    /// <summary>A path in a fresh folder of its own, named <paramref name="name"/>; the folder exists, the file does not.</summary>
    public string NewPath(string name)
    {
        var folder = Path.Combine(Root, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, name);
    }

    /// <summary>A new file with <paramref name="content"/>.</summary>
    public async Task<string> WriteAsync(string name, string content)
    {
        var path = NewPath(name);
        await File.WriteAllTextAsync(path, content);
        return path;
    }

    public void Delete()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
