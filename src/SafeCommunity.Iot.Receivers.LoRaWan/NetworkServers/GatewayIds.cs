namespace SafeCommunity.Iot.Receivers.LoRaWan.NetworkServers;

/// <summary>LoRaWAN gateway ids as receiver ids: an EUI as 16 lower-case hex digits, any other id in lower case.</summary>
internal static class GatewayIds
{
    /// <summary>Longest gateway id kept (The Things Stack ids are at most 36 characters).</summary>
    public const int MaxLength = 64;

    /// <summary>Distinct gateway ids kept as shared strings; a county has a few dozen gateways.</summary>
    private const int CacheCapacity = 1_024;

    /// <summary>Every uplink names its gateways again: the same few strings are handed out instead of new ones.</summary>
    private static readonly StringCache Cache = new(CacheCapacity);

    /// <summary>The normalised id of <paramref name="id"/>; null when it is empty, blank or longer than <see cref="MaxLength"/>.</summary>
    public static string? Normalize(ReadOnlySpan<char> id)
    {
        Span<char> normalized = stackalloc char[MaxLength];
        if (Eui.TryNormalize(id, normalized))
        {
            return Cache.Get(normalized[..Eui.Length]);
        }

        var trimmed = id.Trim();
        if (trimmed.IsEmpty || trimmed.Length > MaxLength)
        {
            return null;
        }

        var length = trimmed.ToLowerInvariant(normalized);
        return Cache.Get(normalized[..length]);
    }
}
