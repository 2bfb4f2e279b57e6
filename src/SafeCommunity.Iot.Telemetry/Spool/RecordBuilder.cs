using System.Text;

namespace SafeCommunity.Iot.Telemetry.Spool;

/// <summary>
/// Collects line-protocol lines into one spool record, with room for the header in front so the record goes to disk
/// in one write. Reused: <see cref="Clear"/> keeps the buffer.
/// </summary>
public sealed class RecordBuilder
{
    private byte[] _buffer;
    private int _length = SpoolRecord.HeaderLength;

    /// <summary>Creates a builder with room for <paramref name="initialCapacity"/> bytes of lines.</summary>
    public RecordBuilder(int initialCapacity = 64 << 10) =>
        _buffer = new byte[SpoolRecord.HeaderLength + Math.Max(initialCapacity, 256)];

    /// <summary>Lines added since the last <see cref="Clear"/>.</summary>
    public int Points { get; private set; }

    /// <summary>Bytes of line protocol added since the last <see cref="Clear"/>.</summary>
    public int PayloadLength => _length - SpoolRecord.HeaderLength;

    /// <summary>Adds one line of line protocol (without its newline, which is added).</summary>
    public void AddLine(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        AddLine(line.AsSpan());
    }

    /// <summary>Adds one line of line protocol (without its newline, which is added).</summary>
    public void AddLine(ReadOnlySpan<char> line)
    {
        var most = Encoding.UTF8.GetMaxByteCount(line.Length) + 1;
        Ensure(most);
        _length += Encoding.UTF8.GetBytes(line, _buffer.AsSpan(_length));
        _buffer[_length++] = (byte)'\n';
        Points++;
    }

    /// <summary>Starts a new record.</summary>
    public void Clear()
    {
        _length = SpoolRecord.HeaderLength;
        Points = 0;
    }

    /// <summary>The payload (the lines).</summary>
    public ReadOnlySpan<byte> Payload => _buffer.AsSpan(SpoolRecord.HeaderLength, PayloadLength);

    /// <summary>Fills in the header and returns the whole record.</summary>
    internal ReadOnlyMemory<byte> Seal()
    {
        SpoolRecord.WriteHeader(_buffer, Payload, Points);
        return _buffer.AsMemory(0, _length);
    }

    private void Ensure(int more)
    {
        if (_length + more <= _buffer.Length)
        {
            return;
        }

        Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + more));
    }
}
