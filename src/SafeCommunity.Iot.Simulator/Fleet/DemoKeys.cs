using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace SafeCommunity.Iot.Simulator.Fleet;

/// <summary>
/// The seed deployment's public demo keys: the first 16 bytes of SHA-256 of <c>"safecommunity-demo-key:" + id</c>
/// (the id in decimal). Never enrol a real device with one.
/// </summary>
public static class DemoKeys
{
    /// <summary>The text hashed before the decimal device id.</summary>
    public const string Prefix = "safecommunity-demo-key:";

    /// <summary>The demo key of <paramref name="deviceId"/>.</summary>
    public static byte[] For(uint deviceId)
    {
        var digest = SHA256.HashData(Encoding.ASCII.GetBytes(Prefix + deviceId.ToString(CultureInfo.InvariantCulture)));
        return digest[..16];
    }

    /// <summary>The demo key of <paramref name="deviceId"/> as 32 lower-case hex digits.</summary>
    public static string HexFor(uint deviceId) => Convert.ToHexStringLower(For(deviceId));
}
