namespace SafeCommunity.Iot.Board.Tests.Support;

/// <summary>Where the board tests put their screenshots: docs/images of the repository (README.md and docs/board.md show them).</summary>
internal static class DocsImages
{
    public static string PathOf(string name)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "SafeCommunity.Iot.sln")))
        {
            directory = directory.Parent;
        }

        Assert.NotNull(directory);
        return Path.Combine(directory.FullName, "docs", "images", name);
    }
}
