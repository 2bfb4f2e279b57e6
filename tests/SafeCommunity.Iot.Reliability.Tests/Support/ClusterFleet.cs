using System.Globalization;
using System.Text.Json;
using SafeCommunity.Iot.TestSupport;

namespace SafeCommunity.Iot.Reliability.Tests.Support;

/// <summary>
/// A registry import file (docs/storage.md) with the seed deployment's communities and receivers and a fleet of
/// wristbands of Wufu from <see cref="FirstWristband"/> on (and e-bike chips from <see cref="FirstChip"/> on), each with
/// its demo key and a DevEUI, so that <see cref="WristbandTraffic"/> can sign their frames and send them over LoRaWAN.
/// </summary>
internal static class ClusterFleet
{
    /// <summary>The fleet's first wristband (clear of the seed's own devices).</summary>
    public const uint FirstWristband = 0x2210_0001;

    /// <summary>The fleet's first e-bike chip.</summary>
    public const uint FirstChip = 0x1110_0001;

    /// <summary>Writes the file of <paramref name="wristbands"/> wristbands and <paramref name="chips"/> chips to <paramref name="path"/> and returns the path.</summary>
    public static string Write(string path, int wristbands, int chips = 0)
    {
        using var seed = JsonDocument.Parse(File.ReadAllBytes(SeedDevices.SeedFile));
        using var stream = File.Create(path);
        using var json = new Utf8JsonWriter(stream);
        json.WriteStartObject();
        foreach (var section in new[] { "communities", "receivers" })
        {
            json.WritePropertyName(section);
            seed.RootElement.GetProperty(section).WriteTo(json);
        }

        json.WriteStartArray("devices");
        for (var i = 0; i < wristbands; i++)
        {
            WriteDevice(json, FirstWristband + (uint)i, "elder-wristband", string.Create(CultureInfo.InvariantCulture, $"wristband {i}"));
        }

        for (var i = 0; i < chips; i++)
        {
            WriteDevice(json, FirstChip + (uint)i, "ebike-chip", string.Create(CultureInfo.InvariantCulture, $"e-bike {i}"));
        }

        json.WriteEndArray();
        json.WriteEndObject();
        return path;
    }

    private static void WriteDevice(Utf8JsonWriter json, uint id, string kind, string name)
    {
        json.WriteStartObject();
        json.WriteNumber("id", id);
        json.WriteString("kind", kind);
        json.WriteString("key", Convert.ToHexStringLower(SeedDevices.KeyOf(id)));
        json.WriteString("displayName", name);
        json.WriteString("community", "wufu");
        json.WriteString("owner", string.Create(CultureInfo.InvariantCulture, $"owner-{id:x8}"));
        json.WriteString("devEui", string.Create(CultureInfo.InvariantCulture, $"70b3d57e{id:x8}"));
        json.WriteEndObject();
    }

    /// <summary>
    /// Writes a geofence file (docs/geofences.md) of one keep-in circle <paramref name="fenceId"/> of
    /// <paramref name="radiusMetres"/> around a point, for <paramref name="deviceId"/> alone; returns the path.
    /// </summary>
    public static string WriteKeepInZone(string path, string fenceId, uint deviceId, double latitude, double longitude, double radiusMetres)
    {
        File.WriteAllText(path, string.Create(CultureInfo.InvariantCulture, $$"""
            {
              "type": "Feature",
              "geometry": { "type": "Point", "coordinates": [{{longitude}}, {{latitude}}] },
              "properties": { "id": "{{fenceId}}", "mode": "keep-in", "radiusMetres": {{radiusMetres}}, "assignment": { "device": {{deviceId}} } }
            }
            """));
        return path;
    }
}
