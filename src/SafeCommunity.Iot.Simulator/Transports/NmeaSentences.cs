using System.Globalization;
using System.Text;
using SafeCommunity.Iot.Core.Geodesy;

namespace SafeCommunity.Iot.Simulator.Transports;

/// <summary>
/// NMEA 0183 sentences a patrol receiver's GNSS module (a multi-constellation one: talker <c>GN</c>) would print:
/// RMC and GGA, from <c>$</c> to the two checksum digits, without CR LF, as the serial link relays them.
/// </summary>
public static class NmeaSentences
{
    private const double KnotsPerMetrePerSecond = 1.943844;

    /// <summary>
    /// <c>$GNRMC,hhmmss.ss,A,ddmm.mmmmm,N,dddmm.mmmmm,E,speed,course,ddmmyy,,,A*hh</c> (status A, mode A).
    /// </summary>
    public static string Rmc(DateTimeOffset time, GeoPoint position, double speedMetresPerSecond, double courseDegrees)
    {
        var utc = time.UtcDateTime;
        var body = string.Create(CultureInfo.InvariantCulture,
            $"GNRMC,{utc:HHmmss.ff},A,{Latitude(position.Latitude)},{Longitude(position.Longitude)},{speedMetresPerSecond * KnotsPerMetrePerSecond:0.000},{courseDegrees:0.00},{utc:ddMMyy},,,A");
        return Seal(body);
    }

    /// <summary>
    /// <c>$GNGGA,hhmmss.ss,ddmm.mmmmm,N,dddmm.mmmmm,E,1,sats,hdop,alt,M,sep,M,,*hh</c> (fix quality 1, GPS fix).
    /// </summary>
    public static string Gga(DateTimeOffset time, GeoPoint position, int satellites, double hdop, double altitudeMetres)
    {
        var utc = time.UtcDateTime;
        var body = string.Create(CultureInfo.InvariantCulture,
            $"GNGGA,{utc:HHmmss.ff},{Latitude(position.Latitude)},{Longitude(position.Longitude)},1,{satellites:00},{hdop:0.0},{altitudeMetres:0.0},M,-30.1,M,,");
        return Seal(body);
    }

    /// <summary>The XOR of the characters between '$' and '*' (or of all of <paramref name="body"/>), as two upper-case hex digits.</summary>
    public static string Checksum(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var span = body.AsSpan();
        if (span.Length > 0 && span[0] == '$')
        {
            span = span[1..];
        }

        var star = span.IndexOf('*');
        if (star >= 0)
        {
            span = span[..star];
        }

        byte sum = 0;
        foreach (var c in span)
        {
            sum ^= (byte)c;
        }

        return sum.ToString("X2", CultureInfo.InvariantCulture);
    }

    /// <summary>The sentence's ASCII bytes.</summary>
    public static byte[] ToAscii(string sentence) => Encoding.ASCII.GetBytes(sentence);

    private static string Seal(string body) => "$" + body + "*" + Checksum(body);

    private static string Latitude(double degrees)
    {
        var hemisphere = degrees < 0 ? 'S' : 'N';
        var (whole, minutes) = Split(Math.Abs(degrees));
        return string.Create(CultureInfo.InvariantCulture, $"{whole:00}{minutes:00.00000},{hemisphere}");
    }

    private static string Longitude(double degrees)
    {
        var hemisphere = degrees < 0 ? 'W' : 'E';
        var (whole, minutes) = Split(Math.Abs(degrees));
        return string.Create(CultureInfo.InvariantCulture, $"{whole:000}{minutes:00.00000},{hemisphere}");
    }

    private static (int Whole, double Minutes) Split(double degrees)
    {
        var whole = (int)Math.Floor(degrees);
        var minutes = Math.Round((degrees - whole) * 60, 5);
        if (minutes >= 60)
        {
            whole++;
            minutes -= 60;
        }

        return (whole, minutes);
    }
}
