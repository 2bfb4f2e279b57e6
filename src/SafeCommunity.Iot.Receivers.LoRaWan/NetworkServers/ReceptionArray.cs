using System.Text.Json;

namespace SafeCommunity.Iot.Receivers.LoRaWan.NetworkServers;

/// <summary>The reception list of an uplink event (ChirpStack <c>rxInfo</c>, The Things Stack <c>rx_metadata</c>).</summary>
internal static class ReceptionArray
{
    /// <summary>
    /// Reads up to <see cref="LoRaWanMessageParser.MaxReceptions"/> entries with <paramref name="readOne"/>, skipping
    /// entries that are not objects; a missing or non-array element gives an empty list.
    /// </summary>
    public static List<LoRaWanReception> Read(JsonElement array, Func<JsonElement, LoRaWanReception> readOne, out DateTimeOffset? firstReceptionTime)
    {
        var receptions = new List<LoRaWanReception>();
        firstReceptionTime = null;
        if (array.ValueKind != JsonValueKind.Array)
        {
            return receptions;
        }

        foreach (var entry in array.EnumerateArray())
        {
            if (entry.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            var reception = readOne(entry);
            firstReceptionTime ??= reception.Time;
            receptions.Add(reception);
            if (receptions.Count == LoRaWanMessageParser.MaxReceptions)
            {
                break;
            }
        }

        return receptions;
    }
}
