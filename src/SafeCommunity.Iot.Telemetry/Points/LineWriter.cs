using System.Globalization;

namespace SafeCommunity.Iot.Telemetry.Points;

/// <summary>
/// Builds one line of line protocol at a time in a reused buffer, so the points written for every frame cost no
/// allocation. Escaping and number formats are those of the client's <c>PointData</c> (doubles as the shortest text
/// that reads back as the same value, integers with an <c>i</c>, non-finite doubles and empty tags left out), and
/// callers give tags and fields sorted by key, as <c>PointData</c> writes them: the lines are the client's, byte for
/// byte.
/// </summary>
/// <remarks>One per formatter; not thread-safe.</remarks>
internal sealed class LineWriter
{
    private char[] _buffer = new char[256];
    private int _length;
    private bool _hasField;

    /// <summary>The line so far.</summary>
    public ReadOnlySpan<char> Line => _buffer.AsSpan(0, _length);

    /// <summary>Starts a new line of <paramref name="measurement"/>.</summary>
    public LineWriter Start(string measurement)
    {
        _length = 0;
        _hasField = false;
        AppendEscaped(measurement, escapeEquals: false);
        return this;
    }

    /// <summary>Adds a tag; an empty value is left out.</summary>
    public LineWriter Tag(string key, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return this;
        }

        Append(',');
        AppendEscaped(key, escapeEquals: true);
        Append('=');
        AppendEscaped(value, escapeEquals: true);
        return this;
    }

    /// <summary>Adds a tag whose value is a number (nothing to escape, nothing to allocate).</summary>
    public LineWriter Tag(string key, uint value)
    {
        Append(',');
        AppendEscaped(key, escapeEquals: true);
        Append('=');
        AppendFormatted(value, default);
        return this;
    }

    /// <summary>Adds an integer field.</summary>
    public LineWriter Field(string key, long value)
    {
        FieldKey(key);
        AppendFormatted(value, default);
        Append('i');
        return this;
    }

    /// <summary>Adds a float field; NaN and infinities are left out (line protocol cannot carry them).</summary>
    public LineWriter Field(string key, double value)
    {
        if (!double.IsFinite(value))
        {
            return this;
        }

        FieldKey(key);
        AppendFormatted(value, default);
        return this;
    }

    /// <summary>Adds a string field.</summary>
    public LineWriter Field(string key, string value)
    {
        FieldKey(key);
        Append('"');
        foreach (var c in value)
        {
            if (c is '\\' or '"')
            {
                Append('\\');
            }

            Append(c);
        }

        Append('"');
        return this;
    }

    /// <summary>Ends the line with its timestamp in nanoseconds.</summary>
    public ReadOnlySpan<char> End(long timestampNanoseconds)
    {
        Append(' ');
        AppendFormatted(timestampNanoseconds, default);
        return Line;
    }

    private void FieldKey(string key)
    {
        Append(_hasField ? ',' : ' ');
        _hasField = true;
        AppendEscaped(key, escapeEquals: true);
        Append('=');
    }

    private void AppendEscaped(string text, bool escapeEquals)
    {
        foreach (var c in text)
        {
            switch (c)
            {
                case '\n':
                    Append('\\');
                    Append('n');
                    continue;
                case '\r':
                    Append('\\');
                    Append('r');
                    continue;
                case '\t':
                    Append('\\');
                    Append('t');
                    continue;
                case ' ' or ',':
                case '=' when escapeEquals:
                    Append('\\');
                    break;
            }

            Append(c);
        }
    }

    private void AppendFormatted<T>(T value, ReadOnlySpan<char> format)
        where T : ISpanFormattable
    {
        int written;
        while (!value.TryFormat(_buffer.AsSpan(_length), out written, format, CultureInfo.InvariantCulture))
        {
            Grow();
        }

        _length += written;
    }

    private void Append(char c)
    {
        if (_length == _buffer.Length)
        {
            Grow();
        }

        _buffer[_length++] = c;
    }

    private void Grow() => Array.Resize(ref _buffer, _buffer.Length * 2);
}
