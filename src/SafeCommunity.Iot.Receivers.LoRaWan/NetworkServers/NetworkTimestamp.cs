namespace SafeCommunity.Iot.Receivers.LoRaWan.NetworkServers;

/// <summary>
/// RFC 3339 timestamps as network servers write them: <c>2022-07-18T09:34:15.775023242+00:00</c> (ChirpStack,
/// 9 fractional digits), <c>2020-02-12T15:15:46.014773143Z</c> (The Things Stack). .NET's parsers take at most
/// 7 fractional digits, so this reads any number and keeps the first 7 (100 ns ticks).
/// </summary>
public static class NetworkTimestamp
{
    /// <summary>
    /// Parses <c>YYYY-MM-DD(T| )hh:mm:ss[.fraction][Z|±hh:mm|±hhmm]</c>; a missing offset means UTC; a leap second
    /// (:60) reads as :59. Never throws.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> text, out DateTimeOffset value)
    {
        value = default;
        text = text.Trim();
        if (text.Length < 19 || text.Length > 64 ||
            !TryDigits(text[..4], out var year) || text[4] != '-' ||
            !TryDigits(text.Slice(5, 2), out var month) || text[7] != '-' ||
            !TryDigits(text.Slice(8, 2), out var day) ||
            text[10] is not ('T' or 't' or ' ') ||
            !TryDigits(text.Slice(11, 2), out var hour) || text[13] != ':' ||
            !TryDigits(text.Slice(14, 2), out var minute) || text[16] != ':' ||
            !TryDigits(text.Slice(17, 2), out var second))
        {
            return false;
        }

        var rest = text[19..];
        long ticks = 0;
        if (!rest.IsEmpty && rest[0] is '.' or ',')
        {
            var digits = 0;
            var scale = TimeSpan.TicksPerSecond;
            var i = 1;
            for (; i < rest.Length && char.IsAsciiDigit(rest[i]); i++, digits++)
            {
                if (digits < 7)
                {
                    scale /= 10;
                    ticks += (rest[i] - '0') * scale;
                }
            }

            if (digits == 0)
            {
                return false;
            }

            rest = rest[i..];
        }

        if (!TryOffset(rest, out var offset) ||
            year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) ||
            hour > 23 || minute > 59 || second > 60)
        {
            return false;
        }

        var local = new DateTime(year, month, day, hour, minute, Math.Min(second, 59), DateTimeKind.Unspecified).AddTicks(ticks);
        var utcTicks = local.Ticks - offset.Ticks;
        if (utcTicks < DateTime.MinValue.Ticks || utcTicks > DateTime.MaxValue.Ticks)
        {
            return false;
        }

        value = new DateTimeOffset(local, offset);
        return true;
    }

    private static bool TryOffset(ReadOnlySpan<char> text, out TimeSpan offset)
    {
        offset = TimeSpan.Zero;
        if (text.IsEmpty || text is "Z" or "z")
        {
            return true;
        }

        if (text[0] is not ('+' or '-'))
        {
            return false;
        }

        int hours;
        int minutes;
        if (text.Length == 6 && text[3] == ':')
        {
            if (!TryDigits(text.Slice(1, 2), out hours) || !TryDigits(text.Slice(4, 2), out minutes))
            {
                return false;
            }
        }
        else if (text.Length == 5)
        {
            if (!TryDigits(text.Slice(1, 2), out hours) || !TryDigits(text.Slice(3, 2), out minutes))
            {
                return false;
            }
        }
        else
        {
            return false;
        }

        if (hours > 14 || minutes > 59)
        {
            return false;
        }

        offset = new TimeSpan(hours, minutes, 0);
        if (text[0] == '-')
        {
            offset = -offset;
        }

        return offset.Duration() <= TimeSpan.FromHours(14);
    }

    private static bool TryDigits(ReadOnlySpan<char> text, out int value)
    {
        value = 0;
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }
}
