using System.Buffers;

namespace SafeCommunity.Iot.Storage.Registry;

/// <summary>Rules for text in import files, and for showing a value from the file in an error message.</summary>
internal static class ImportText
{
    /// <summary>Longest id (community, receiver, owner, network-server id).</summary>
    public const int MaxIdLength = 64;

    /// <summary>Longest free text (names, police rooms).</summary>
    public const int MaxTextLength = 200;

    /// <summary>What an id may be made of, in words.</summary>
    public const string IdRule = "1-64 characters of a-z, 0-9, '.', '_' and '-'";

    private const int KeyHexDigits = 32;

    private static readonly SearchValues<char> IdCharacters = SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789._-");
    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdefABCDEF");

    /// <summary>Whether <paramref name="value"/> is a well-formed id.</summary>
    public static bool IsId(string value) =>
        value.Length is > 0 and <= MaxIdLength && !value.AsSpan().ContainsAnyExcept(IdCharacters);

    /// <summary>Whether <paramref name="value"/> is exactly <paramref name="digits"/> hex digits.</summary>
    public static bool IsHex(string value, int digits) =>
        value.Length == digits && !value.AsSpan().ContainsAnyExcept(HexDigits);

    /// <summary>
    /// A value from the file as an error message may quote it: shortened when long, and withheld when it holds
    /// 32 hex digits in a row, which is what a key looks like. A key pasted into the wrong field must not reach an
    /// error message, a log or a terminal.
    /// </summary>
    public static string Show(string value)
    {
        if (LooksLikeKey(value))
        {
            return "(withheld: it looks like a key)";
        }

        return value.Length <= MaxIdLength ? value : string.Concat(value.AsSpan(0, MaxIdLength), "…");
    }

    /// <summary>Text with every run of 32 or more hex digits masked, for messages built by other code.</summary>
    public static string HideKeys(string text)
    {
        if (!LooksLikeKey(text))
        {
            return text;
        }

        var chars = text.ToCharArray();
        var run = 0;
        for (var i = 0; i < chars.Length; i++)
        {
            run = HexDigits.Contains(chars[i]) ? run + 1 : 0;
            if (run == KeyHexDigits)
            {
                chars.AsSpan(i + 1 - KeyHexDigits, KeyHexDigits).Fill('*');
            }
            else if (run > KeyHexDigits)
            {
                chars[i] = '*';
            }
        }

        return new string(chars);
    }

    private static bool LooksLikeKey(string value)
    {
        var run = 0;
        foreach (var c in value)
        {
            run = HexDigits.Contains(c) ? run + 1 : 0;
            if (run >= KeyHexDigits)
            {
                return true;
            }
        }

        return false;
    }
}
