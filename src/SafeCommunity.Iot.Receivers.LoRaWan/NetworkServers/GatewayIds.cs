namespace SafeCommunity.Iot.Receivers.LoRaWan.NetworkServers;

/// <summary>LoRaWAN gateway ids as receiver ids: an EUI as 16 lower-case hex digits, any other id in lower case.</summary>
internal static class GatewayIds
{
    /// <summary>Longest gateway id kept (The Things Stack ids are at most 36 characters).</summary>
    public const int MaxLength = 64;

    public static string? Normalize(string? id)
    {
        if (id is null)
        {
            return null;
        }

        if (Eui.TryNormalize(id, out var eui))
        {
            return eui;
        }

        var trimmed = id.Trim();
        return trimmed.Length is > 0 and <= MaxLength ? trimmed.ToLowerInvariant() : null;
    }
}
