using System.Globalization;
using Iot.Device.Nmea0183;
using Iot.Device.Nmea0183.Sentences;
using SafeCommunity.Iot.Core.Geodesy;

namespace SafeCommunity.Iot.Receivers.Serial.Gnss;

/// <summary>What <see cref="NmeaPositionParser.Parse"/> made of a sentence.</summary>
public enum NmeaParseStatus
{
    /// <summary>A valid fix: <see cref="NmeaParseResult.Position"/> holds it.</summary>
    Position = 1,

    /// <summary>A well-formed RMC with status V, or a GGA with fix quality 0: the receiver has no fix.</summary>
    NoFix,

    /// <summary>A well-formed sentence the gateway does not use (GSV, VTG, ...).</summary>
    Ignored,

    /// <summary>Not a usable sentence: no '$', no or a wrong checksum, malformed fields.</summary>
    Invalid,
}

/// <summary>The outcome of parsing one NMEA sentence.</summary>
/// <param name="Status">What the sentence was.</param>
/// <param name="Position">The fix, when <paramref name="Status"/> is <see cref="NmeaParseStatus.Position"/>.</param>
/// <param name="Reason">Why it was not a position (for logs).</param>
public readonly record struct NmeaParseResult(NmeaParseStatus Status, GeoPoint? Position, string? Reason)
{
    internal static NmeaParseResult Invalid(string reason) => new(NmeaParseStatus.Invalid, null, reason);
}

/// <summary>
/// Positions from a receiver's GNSS sentences (RMC with status A, GGA with fix quality above 0), parsed with
/// Iot.Device.Nmea0183. One instance per receiver (it remembers the last date for GGA, which carries none); not
/// thread-safe. Never throws.
/// </summary>
/// <remarks>
/// Works around Iot.Device.Bindings 4.2.0: junk before '$' would make its parser keep the junk and drop the
/// sentence, so everything before '$' is cut first; its parser accepts a sentence without checksum, so the checksum
/// is required and verified here; an <see cref="OverflowException"/> from a malformed number escapes it, so every
/// call is guarded.
/// </remarks>
public sealed class NmeaPositionParser
{
    private const int MaxSentenceLength = 82;
    private DateTimeOffset _lastMessageTime;

    /// <summary>Parses one sentence; <paramref name="now"/> dates a GGA when no RMC was seen yet.</summary>
    public NmeaParseResult Parse(string line, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(line);
        var start = line.IndexOf('$', StringComparison.Ordinal);
        if (start < 0)
        {
            return NmeaParseResult.Invalid("no '$'");
        }

        var sentence = line.AsSpan(start).TrimEnd("\r\n ");
        if (sentence.Length > MaxSentenceLength)
        {
            return NmeaParseResult.Invalid("too long");
        }

        if (!HasValidChecksum(sentence, out var checksumProblem))
        {
            return NmeaParseResult.Invalid(checksumProblem);
        }

        if (_lastMessageTime == default)
        {
            _lastMessageTime = now;
        }

        try
        {
            var talkerSentence = TalkerSentence.FromSentenceString(sentence.ToString(), out var error);
            if (talkerSentence is null || error != NmeaError.None)
            {
                return NmeaParseResult.Invalid("rejected by the NMEA parser: " + error);
            }

            var isRmc = talkerSentence.Id == RecommendedMinimumNavigationInformation.Id;
            var isGga = talkerSentence.Id == GlobalPositioningSystemFixData.Id;
            if (!isRmc && !isGga)
            {
                return new NmeaParseResult(NmeaParseStatus.Ignored, null, "not RMC or GGA");
            }

            // On a field it cannot read the library hands back a raw sentence instead of the typed one.
            return talkerSentence.TryGetTypedValue(ref _lastMessageTime) switch
            {
                RecommendedMinimumNavigationInformation rmc => FromRmc(rmc),
                GlobalPositioningSystemFixData gga => FromGga(gga),
                _ => NmeaParseResult.Invalid(isRmc ? "malformed RMC" : "malformed GGA"),
            };
        }
        catch (Exception ex) when (ex is OverflowException or FormatException or ArgumentException or InvalidOperationException or IndexOutOfRangeException or NullReferenceException)
        {
            return NmeaParseResult.Invalid("malformed field: " + ex.GetType().Name);
        }
    }

    /// <summary>Whether <paramref name="sentence"/> ("$...*hh") ends with two hex digits equal to the XOR of the characters between '$' and '*'.</summary>
    public static bool HasValidChecksum(ReadOnlySpan<char> sentence, out string problem)
    {
        var star = sentence.LastIndexOf('*');
        if (sentence.Length < 4 || sentence[0] != '$' || star < 1 || star != sentence.Length - 3)
        {
            problem = "no checksum";
            return false;
        }

        if (!byte.TryParse(sentence[(star + 1)..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var expected))
        {
            problem = "checksum is not hex";
            return false;
        }

        byte actual = 0;
        foreach (var c in sentence[1..star])
        {
            if (c is < ' ' or > '~')
            {
                problem = "not printable ASCII";
                return false;
            }

            actual ^= (byte)c;
        }

        if (actual != expected)
        {
            problem = "bad checksum";
            return false;
        }

        problem = "";
        return true;
    }

    private static NmeaParseResult FromRmc(RecommendedMinimumNavigationInformation rmc)
    {
        if (rmc.Status != NavigationStatus.Valid || !rmc.Valid)
        {
            return new NmeaParseResult(NmeaParseStatus.NoFix, null, "RMC status is not A");
        }

        return ToPosition(rmc.Position.Latitude, rmc.Position.Longitude);
    }

    private static NmeaParseResult FromGga(GlobalPositioningSystemFixData gga)
    {
        if (gga.Status == GpsQuality.NoFix || !gga.Valid)
        {
            return new NmeaParseResult(NmeaParseStatus.NoFix, null, "GGA fix quality is 0");
        }

        return ToPosition(gga.Position.Latitude, gga.Position.Longitude);
    }

    private static NmeaParseResult ToPosition(double latitude, double longitude)
    {
        var point = new GeoPoint(latitude, longitude);
        return point.IsValid
            ? new NmeaParseResult(NmeaParseStatus.Position, point, null)
            : NmeaParseResult.Invalid("coordinates out of range");
    }
}
