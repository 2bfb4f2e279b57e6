using System.Text;

namespace SafeCommunity.Iot.Receivers.Serial.LoRaP2P;

/// <summary>
/// Cuts a byte stream into text lines at CR or LF, however the bytes are split. A line longer than the limit is
/// dropped (and counted) up to its end. Not thread-safe.
/// </summary>
internal sealed class LineBuffer
{
    private readonly byte[] _line;
    private int _length;
    private bool _overflowing;

    /// <summary>Creates a buffer for lines of at most <paramref name="maxLineLength"/> bytes.</summary>
    public LineBuffer(int maxLineLength = 1024)
    {
        _line = new byte[maxLineLength];
    }

    /// <summary>Lines dropped for being too long.</summary>
    public long Overflows { get; private set; }

    /// <summary>
    /// Consumes <paramref name="input"/> up to and including the first line end that completes a non-empty line.
    /// </summary>
    /// <returns>The line (without CR/LF), or null when all of <paramref name="input"/> was consumed without one.</returns>
    public string? Read(ReadOnlySpan<byte> input, out int consumed)
    {
        consumed = 0;
        while (consumed < input.Length)
        {
            var remaining = input[consumed..];
            var end = remaining.IndexOfAny((byte)'\r', (byte)'\n');
            var chunk = end < 0 ? remaining : remaining[..end];
            if (!_overflowing)
            {
                if (_length + chunk.Length > _line.Length)
                {
                    _overflowing = true;
                    _length = 0;
                    Overflows++;
                }
                else
                {
                    chunk.CopyTo(_line.AsSpan(_length));
                    _length += chunk.Length;
                }
            }

            if (end < 0)
            {
                consumed = input.Length;
                return null;
            }

            consumed += end + 1;
            if (_overflowing)
            {
                _overflowing = false;
                continue;
            }

            if (_length == 0)
            {
                continue;
            }

            var line = Encoding.Latin1.GetString(_line, 0, _length);
            _length = 0;
            return line;
        }

        return null;
    }

    /// <summary>Forgets a partial line (the port was reopened).</summary>
    public void Reset()
    {
        _length = 0;
        _overflowing = false;
    }
}
