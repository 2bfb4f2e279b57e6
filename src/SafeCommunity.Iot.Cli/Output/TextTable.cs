namespace SafeCommunity.Iot.Cli.Output;

/// <summary>
/// A plain-text table: a header row and rows, columns two spaces apart, numbers aligned right, the last column
/// left unpadded. Widths are measured in terminal columns (<see cref="DisplayWidth"/>).
/// </summary>
internal sealed class TextTable
{
    private readonly Column[] _columns;
    private readonly List<string[]> _rows = [];

    public TextTable(params Column[] columns)
    {
        _columns = columns;
    }

    /// <summary>How many rows have been added.</summary>
    public int Count => _rows.Count;

    /// <summary>Adds a row; empty cells are shown as "-".</summary>
    public void Add(params string?[] cells)
    {
        if (cells.Length != _columns.Length)
        {
            throw new ArgumentException($"A row needs {_columns.Length} cells, not {cells.Length}.", nameof(cells));
        }

        _rows.Add([.. cells.Select(c => string.IsNullOrEmpty(c) ? "-" : c.ReplaceLineEndings(" "))]);
    }

    /// <summary>Writes the header and the rows.</summary>
    public void WriteTo(TextWriter writer)
    {
        var widths = new int[_columns.Length];
        for (var i = 0; i < _columns.Length; i++)
        {
            widths[i] = DisplayWidth.Of(_columns[i].Header);
            foreach (var row in _rows)
            {
                widths[i] = Math.Max(widths[i], DisplayWidth.Of(row[i]));
            }
        }

        writer.WriteLine(Line([.. _columns.Select(c => c.Header)], widths));
        foreach (var row in _rows)
        {
            writer.WriteLine(Line(row, widths));
        }
    }

    private string Line(string[] cells, int[] widths)
    {
        var parts = new string[cells.Length];
        for (var i = 0; i < cells.Length; i++)
        {
            var last = i == cells.Length - 1;
            parts[i] = _columns[i].AlignRight
                ? DisplayWidth.PadLeft(cells[i], widths[i])
                : last ? cells[i] : DisplayWidth.PadRight(cells[i], widths[i]);
        }

        return string.Join("  ", parts).TrimEnd();
    }

    /// <summary>A column: its header and whether its values align right (numbers).</summary>
    internal readonly record struct Column(string Header, bool AlignRight = false);
}
