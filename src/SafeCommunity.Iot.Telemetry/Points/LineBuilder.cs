using System.Globalization;
using SafeCommunity.Iot.Telemetry.Spool;

namespace SafeCommunity.Iot.Telemetry.Points;

/// <summary>
/// Writes one line of InfluxDB line protocol at a time straight into a spool record, reusing its buffers: the spool
/// writer formats every stored uplink (three to five lines each, 20,000 uplinks a second and more), and building a
/// client point object per line cost more than the rest of the pipeline together.
/// </summary>
/// <remarks>
/// The lines are the ones the InfluxDB client's point type writes: tags (with the default tags) and fields sorted by
/// key, ordinal; empty tag values and non-finite numbers left out; integers with an <c>i</c> suffix; floating-point
/// numbers in their shortest round-trip form; strings quoted with <c>"</c> and <c>\</c> escaped; the measurement's
/// commas and spaces, and the tags' commas, spaces and equals signs escaped. One instance per thread.
/// </remarks>
internal sealed class LineBuilder
{
    private const int MaxTags = 8;
    private const int MaxFields = 16;

    private readonly (string Key, string Value)[] _defaultTags;
    private readonly TagValue[] _tags = new TagValue[MaxTags];
    private readonly FieldValue[] _fields = new FieldValue[MaxFields];
    private char[] _line = new char[512];
    private string _measurement = string.Empty;
    private int _tagCount;
    private int _fieldCount;
    private int _length;

    /// <summary>Creates a builder whose lines all carry <paramref name="defaultTags"/>.</summary>
    public LineBuilder(params (string Key, string Value)[] defaultTags) => _defaultTags = defaultTags;

    private enum FieldKind
    {
        Integer,
        Real,
        Text,
    }

    /// <summary>Starts a line of <paramref name="measurement"/>.</summary>
    public LineBuilder Start(string measurement)
    {
        _measurement = measurement;
        _tagCount = 0;
        _fieldCount = 0;
        foreach (var tag in _defaultTags)
        {
            Tag(tag.Key, tag.Value);
        }

        return this;
    }

    /// <summary>Adds a tag; an empty value is left out.</summary>
    public LineBuilder Tag(string key, string value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            _tags[_tagCount++] = new TagValue(key, value, 0);
        }

        return this;
    }

    /// <summary>Adds a tag whose value is a number (written in decimal, as its string would be).</summary>
    public LineBuilder Tag(string key, uint value)
    {
        _tags[_tagCount++] = new TagValue(key, null, value);
        return this;
    }

    /// <summary>Adds an integer field.</summary>
    public LineBuilder Field(string key, long value)
    {
        _fields[_fieldCount++] = new FieldValue(key, FieldKind.Integer, value, 0, null);
        return this;
    }

    /// <summary>Adds a floating-point field; NaN and infinities are left out.</summary>
    public LineBuilder Field(string key, double value)
    {
        if (double.IsFinite(value))
        {
            _fields[_fieldCount++] = new FieldValue(key, FieldKind.Real, 0, value, null);
        }

        return this;
    }

    /// <summary>Adds a string field.</summary>
    public LineBuilder Field(string key, string value)
    {
        _fields[_fieldCount++] = new FieldValue(key, FieldKind.Text, 0, 0, value);
        return this;
    }

    /// <summary>Ends the line with its timestamp (nanoseconds) and adds it to <paramref name="record"/>.</summary>
    public void AddTo(RecordBuilder record, long timestampNanoseconds)
    {
        _length = 0;
        Escape(_measurement, escapeEquals: false);
        SortByKey(_tags.AsSpan(0, _tagCount), static t => t.Key);
        foreach (var tag in _tags.AsSpan(0, _tagCount))
        {
            Append(',');
            Escape(tag.Key, escapeEquals: true);
            Append('=');
            if (tag.Text is { } text)
            {
                Escape(text, escapeEquals: true);
            }
            else
            {
                AppendFormatted(tag.Number);
            }
        }

        Append(' ');
        SortByKey(_fields.AsSpan(0, _fieldCount), static f => f.Key);
        for (var i = 0; i < _fieldCount; i++)
        {
            if (i > 0)
            {
                Append(',');
            }

            WriteField(_fields[i]);
        }

        Append(' ');
        AppendFormatted(timestampNanoseconds);
        record.AddLine(_line.AsSpan(0, _length));
    }

    // A handful of entries, usually nearly sorted: insertion sort, no delegate allocated (the selectors are static).
    private static void SortByKey<T>(Span<T> items, Func<T, string> key)
    {
        for (var i = 1; i < items.Length; i++)
        {
            var item = items[i];
            var j = i - 1;
            while (j >= 0 && string.CompareOrdinal(key(items[j]), key(item)) > 0)
            {
                items[j + 1] = items[j];
                j--;
            }

            items[j + 1] = item;
        }
    }

    private void WriteField(in FieldValue field)
    {
        Escape(field.Key, escapeEquals: true);
        Append('=');
        switch (field.Kind)
        {
            case FieldKind.Integer:
                AppendFormatted(field.Integer);
                Append('i');
                break;
            case FieldKind.Real:
                AppendFormatted(field.Real);
                break;
            default:
                Append('"');
                foreach (var c in field.Text!)
                {
                    if (c is '\\' or '"')
                    {
                        Append('\\');
                    }

                    Append(c);
                }

                Append('"');
                break;
        }
    }

    private void Escape(string text, bool escapeEquals)
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
                    Append('\\');
                    break;
                case '=' when escapeEquals:
                    Append('\\');
                    break;
            }

            Append(c);
        }
    }

    private void Append(char c)
    {
        if (_length == _line.Length)
        {
            Array.Resize(ref _line, _line.Length * 2);
        }

        _line[_length++] = c;
    }

    private void AppendFormatted<T>(T value)
        where T : ISpanFormattable
    {
        int written;
        while (!value.TryFormat(_line.AsSpan(_length), out written, default, CultureInfo.InvariantCulture))
        {
            Array.Resize(ref _line, _line.Length * 2);
        }

        _length += written;
    }

    private readonly record struct TagValue(string Key, string? Text, uint Number);

    private readonly record struct FieldValue(string Key, FieldKind Kind, long Integer, double Real, string? Text);
}
