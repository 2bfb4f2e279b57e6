using System.Runtime.CompilerServices;
using System.Text.Json;

namespace SafeCommunity.Iot.Receivers.LoRaWan.NetworkServers;

/// <summary>Reads one reception entry; the reader is on the entry's <c>{</c> and is left on its <c>}</c>.</summary>
internal delegate LoRaWanReception ReceptionReader(ref Utf8JsonReader reader);

/// <summary>The reception list of an uplink event (ChirpStack <c>rxInfo</c>, The Things Stack <c>rx_metadata</c>).</summary>
internal static class ReceptionArray
{
    /// <summary>
    /// Reads up to <see cref="LoRaWanMessageParser.MaxReceptions"/> entries with <paramref name="readOne"/>, skipping
    /// entries that are not objects and those past the limit; a value that is not an array gives an empty list.
    /// </summary>
    /// <returns>The receptions in an array of their exact number: gathered on the stack, so the list is one allocation.</returns>
    public static LoRaWanReception[] Read(ref Utf8JsonReader reader, ReceptionReader readOne)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return [];
        }

        var gathered = default(Gathered);
        Span<LoRaWanReception> receptions = gathered;
        var count = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.StartObject && count < receptions.Length)
            {
                receptions[count++] = readOne(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }

        return receptions[..count].ToArray();
    }

    /// <summary>The time of the first reception that has one: the uplink's time when the message gives none of its own.</summary>
    public static DateTimeOffset? FirstTime(LoRaWanReception[] receptions)
    {
        foreach (var reception in receptions)
        {
            if (reception.Time is { } time)
            {
                return time;
            }
        }

        return null;
    }

    [InlineArray(LoRaWanMessageParser.MaxReceptions)]
    private struct Gathered
    {
        private LoRaWanReception _first;
    }
}
