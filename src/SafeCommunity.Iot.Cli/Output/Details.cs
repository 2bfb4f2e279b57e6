namespace SafeCommunity.Iot.Cli.Output;

/// <summary>Key-value lines with the values lined up; keys whose value is empty or "-" are left out.</summary>
internal sealed class Details
{
    private readonly List<(string Key, string Value)> _lines = [];

    public Details Add(string key, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value) && value != "-")
        {
            _lines.Add((key, value.ReplaceLineEndings(" ")));
        }

        return this;
    }

    public void WriteTo(TextWriter writer)
    {
        var width = _lines.Count == 0 ? 0 : _lines.Max(l => DisplayWidth.Of(l.Key));
        foreach (var (key, value) in _lines)
        {
            writer.WriteLine(DisplayWidth.PadRight(key, width) + "  " + value);
        }
    }
}
