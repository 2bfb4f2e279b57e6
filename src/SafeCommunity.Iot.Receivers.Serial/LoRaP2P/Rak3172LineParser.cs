using System.Buffers;
using System.Globalization;

namespace SafeCommunity.Iot.Receivers.Serial.LoRaP2P;

/// <summary>
/// Parses the lines a RAK3172 with RUI3 AT firmware prints (REFERENCE-FORMATS.md, "RAK3172"). Never throws: every
/// input gives a <see cref="Rak3172Line"/>, malformed receive events as <see cref="Rak3172LineKind.Malformed"/>
/// with a reason.
/// </summary>
public static class Rak3172LineParser
{
    /// <summary>The largest LoRa packet (and so payload) a module can report.</summary>
    public const int MaxPayloadLength = 255;

    private const string EventPrefix = "+EVT:";
    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdefABCDEF");

    /// <summary>Classifies one line (with or without its CR LF).</summary>
    public static Rak3172Line Parse(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var text = line.Trim();
        if (text.Length == 0)
        {
            return new Rak3172Line(Rak3172LineKind.Empty, text);
        }

        if (text == "OK")
        {
            return new Rak3172Line(Rak3172LineKind.Ok, text);
        }

        if (text.StartsWith("AT_", StringComparison.Ordinal))
        {
            return new Rak3172Line(Rak3172LineKind.Error, text);
        }

        if (text.StartsWith(EventPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return ParseEvent(text);
        }

        if (text.StartsWith("AT", StringComparison.OrdinalIgnoreCase))
        {
            return new Rak3172Line(Rak3172LineKind.Echo, text);
        }

        return IsRestartText(text)
            ? new Rak3172Line(Rak3172LineKind.Restart, text)
            : new Rak3172Line(Rak3172LineKind.Other, text);
    }

    /// <summary>Whether <paramref name="text"/> is something a RAK3172 prints while it boots.</summary>
    public static bool IsRestartText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.StartsWith("RAKwireless", StringComparison.OrdinalIgnoreCase)
            || text.StartsWith("RAK3172", StringComparison.OrdinalIgnoreCase)
            || text.Contains("Current Work Mode", StringComparison.OrdinalIgnoreCase);
    }

    private static Rak3172Line ParseEvent(string text)
    {
        var body = text.AsSpan(EventPrefix.Length).Trim();
        if (body.StartsWith("RXP2P:", StringComparison.OrdinalIgnoreCase))
        {
            return ParseReception(text, body["RXP2P:".Length..]);
        }

        if (body.StartsWith("RXP2P,", StringComparison.OrdinalIgnoreCase))
        {
            return ParseLegacyHeader(text, body["RXP2P,".Length..]);
        }

        if (body.Equals("RXP2P RECEIVE ERROR", StringComparison.OrdinalIgnoreCase))
        {
            return new Rak3172Line(Rak3172LineKind.ReceiveError, text);
        }

        if (body.Equals("RXP2P RECEIVE TIMEOUT", StringComparison.OrdinalIgnoreCase))
        {
            return new Rak3172Line(Rak3172LineKind.ReceiveTimeout, text);
        }

        if (body.Equals("TXP2P DONE", StringComparison.OrdinalIgnoreCase))
        {
            return new Rak3172Line(Rak3172LineKind.TransmitDone, text);
        }

        if (!body.IsEmpty && !body.ContainsAnyExcept(HexDigits))
        {
            return TryParseHex(body, out var payload, out var reason)
                ? new Rak3172Line(Rak3172LineKind.LegacyPayload, text) { Payload = payload }
                : Malformed(text, reason);
        }

        return new Rak3172Line(Rak3172LineKind.Other, text);
    }

    // "<rssi>:<snr>:<hex>"
    private static Rak3172Line ParseReception(string text, ReadOnlySpan<char> fields)
    {
        var first = fields.IndexOf(':');
        if (first < 0)
        {
            return Malformed(text, "expected <rssi>:<snr>:<hex>");
        }

        var second = fields[(first + 1)..].IndexOf(':');
        if (second < 0)
        {
            return Malformed(text, "expected <rssi>:<snr>:<hex>");
        }

        second += first + 1;
        if (!TryParseSignal(fields[..first], out var rssi) || rssi is < -200 or > 50)
        {
            return Malformed(text, "RSSI is not a number of dBm");
        }

        if (!TryParseSignal(fields[(first + 1)..second], out var snr) || snr is < -64 or > 64)
        {
            return Malformed(text, "SNR is not a number of dB");
        }

        return TryParseHex(fields[(second + 1)..], out var payload, out var reason)
            ? new Rak3172Line(Rak3172LineKind.Reception, text) { RssiDbm = rssi, SnrDb = snr, Payload = payload }
            : Malformed(text, reason);
    }

    // " RSSI -110, SNR 5"
    private static Rak3172Line ParseLegacyHeader(string text, ReadOnlySpan<char> fields)
    {
        int? rssi = null;
        int? snr = null;
        foreach (var range in fields.Split(','))
        {
            var field = fields[range].Trim();
            if (field.StartsWith("RSSI", StringComparison.OrdinalIgnoreCase) && TryParseSignal(field[4..].Trim(), out var r))
            {
                rssi = r;
            }
            else if (field.StartsWith("SNR", StringComparison.OrdinalIgnoreCase) && TryParseSignal(field[3..].Trim(), out var s))
            {
                snr = s;
            }
        }

        if (rssi is not { } rssiValue || rssiValue is < -200 or > 50)
        {
            return Malformed(text, "no RSSI");
        }

        if (snr is not { } snrValue || snrValue is < -64 or > 64)
        {
            return Malformed(text, "no SNR");
        }

        return new Rak3172Line(Rak3172LineKind.LegacyReceptionHeader, text) { RssiDbm = rssiValue, SnrDb = snrValue };
    }

    private static bool TryParseSignal(ReadOnlySpan<char> value, out int result) =>
        int.TryParse(value.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out result);

    private static bool TryParseHex(ReadOnlySpan<char> hex, out byte[] payload, out string reason)
    {
        payload = [];
        hex = hex.Trim();
        if (hex.IsEmpty)
        {
            reason = "empty payload";
            return false;
        }

        if (hex.Length % 2 != 0)
        {
            reason = "odd number of hex digits";
            return false;
        }

        if (hex.Length / 2 > MaxPayloadLength)
        {
            reason = "payload longer than 255 bytes";
            return false;
        }

        var bytes = new byte[hex.Length / 2];
        var status = Convert.FromHexString(hex, bytes, out _, out var written);
        if (status != OperationStatus.Done || written != bytes.Length)
        {
            reason = "payload is not hex";
            return false;
        }

        payload = bytes;
        reason = "";
        return true;
    }

    private static Rak3172Line Malformed(string text, string reason) =>
        new(Rak3172LineKind.Malformed, text) { Reason = reason };
}
