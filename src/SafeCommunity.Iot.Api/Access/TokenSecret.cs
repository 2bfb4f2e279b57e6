using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace SafeCommunity.Iot.Api.Access;

/// <summary>
/// The bearer string: <c>sc1_</c>, the token's id (12 hex digits), <c>_</c>, and 32 random bytes in base64url.
/// The id lets the gateway find the token without comparing against every hash; the random part makes guessing
/// hopeless, so SHA-256 of the whole string is a safe thing to store.
/// </summary>
internal static class TokenSecret
{
    private const string Prefix = "sc1_";
    private const int IdLength = 12;
    private const int SecretBytes = 32;
    private const int MaxBearerLength = 128;

    /// <summary>A new random token id.</summary>
    public static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(IdLength / 2));

    /// <summary>A new bearer string for the token <paramref name="id"/>.</summary>
    public static string NewBearer(string id) => Prefix + id + "_" + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(SecretBytes));

    /// <summary>SHA-256 of the bearer string's UTF-8 bytes.</summary>
    public static byte[] Hash(string bearer) => SHA256.HashData(Encoding.UTF8.GetBytes(bearer));

    /// <summary>Reads the token id out of a bearer string; false when it does not have the shape of one.</summary>
    public static bool TryReadId(string bearer, out string id)
    {
        id = string.Empty;
        if (bearer.Length > MaxBearerLength || !bearer.StartsWith(Prefix, StringComparison.Ordinal)
            || bearer.Length < Prefix.Length + IdLength + 2 || bearer[Prefix.Length + IdLength] != '_')
        {
            return false;
        }

        var candidate = bearer.Substring(Prefix.Length, IdLength);
        if (!candidate.All(char.IsAsciiHexDigitLower))
        {
            return false;
        }

        id = candidate;
        return true;
    }
}
