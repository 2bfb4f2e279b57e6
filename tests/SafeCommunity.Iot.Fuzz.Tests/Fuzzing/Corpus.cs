using System.Text;
using System.Text.Json;

namespace SafeCommunity.Iot.Fuzz.Tests.Fuzzing;

/// <summary>The seed inputs under Seeds/ in the output directory (the shared protocol vectors among them).</summary>
internal static class Corpus
{
    private static readonly string Root = Path.Combine(AppContext.BaseDirectory, "Seeds");

    /// <summary>The <paramref name="field"/> (hex) of every vector of <paramref name="kind"/> that has it (valid and invalid ones).</summary>
    public static IReadOnlyList<byte[]> Vectors(string kind, string field = "hex") =>
    [
        .. Directory.GetFiles(Path.Combine(Root, "vectors"), "*.json").Order(StringComparer.Ordinal)
            .Select(path => JsonDocument.Parse(File.ReadAllBytes(path)).RootElement)
            .Where(vector => vector.GetProperty("kind").GetString() == kind && vector.TryGetProperty(field, out _))
            .Select(vector => Convert.FromHexString(vector.GetProperty(field).GetString()!)),
    ];

    /// <summary>Every file of Seeds/<paramref name="folder"/>, whole.</summary>
    public static IReadOnlyList<byte[]> Files(string folder) =>
        [.. Directory.GetFiles(Path.Combine(Root, folder)).Order(StringComparer.Ordinal).Select(File.ReadAllBytes)];

    /// <summary>Every line of every file of Seeds/<paramref name="folder"/>, and each file whole.</summary>
    public static IReadOnlyList<byte[]> Lines(string folder)
    {
        var files = Files(folder);
        return
        [
            .. files,
            .. files.SelectMany(file => Encoding.Latin1.GetString(file).Split('\n', StringSplitOptions.RemoveEmptyEntries))
                .Select(line => Encoding.Latin1.GetBytes(line.TrimEnd('\r'))),
        ];
    }
}
