using System.Text.Json;

namespace SafeCommunity.Iot.Receivers.LoRaWan.NetworkServers;

/// <summary>The base64 frame field of an uplink event.</summary>
internal static class UplinkPayload
{
    /// <summary>
    /// Decodes the base64 field <paramref name="name"/> of <paramref name="parent"/>. On failure returns empty and sets
    /// <paramref name="failure"/> (<see cref="LoRaWanParseStatus.MissingData"/> or <see cref="LoRaWanParseStatus.BadBase64"/>).
    /// </summary>
    public static ReadOnlyMemory<byte> Decode(JsonElement parent, string name, string path, out LoRaWanParseResult? failure)
    {
        failure = null;
        if (!parent.TryGetProperty(name, out var field) || field.ValueKind != JsonValueKind.String)
        {
            failure = LoRaWanParseResult.Failure(LoRaWanParseStatus.MissingData, $"{path} is missing");
            return default;
        }

        var text = field.GetString();
        if (string.IsNullOrWhiteSpace(text))
        {
            failure = LoRaWanParseResult.Failure(LoRaWanParseStatus.MissingData, $"{path} is empty");
            return default;
        }

        var bytes = new byte[((text.Length + 3) / 4) * 3];
        if (!Convert.TryFromBase64String(text, bytes, out var written))
        {
            failure = LoRaWanParseResult.Failure(LoRaWanParseStatus.BadBase64, $"{path} is not base64");
            return default;
        }

        return bytes.AsMemory(0, written);
    }
}
