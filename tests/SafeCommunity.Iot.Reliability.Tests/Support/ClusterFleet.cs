using System.Globalization;
using System.Text.Json;
using SafeCommunity.Iot.TestSupport;

namespace SafeCommunity.Iot.Reliability.Tests.Support;

/// <summary>
/// A registry import file (docs/storage.md) with the seed deployment's communities and receivers and a fleet of
/// wristbands of Wufu from <see cref="FirstWristband"/> on, each with its demo key and a DevEUI, so that
/// <see cref="WristbandTraffic.Uplink"/> can send their frames over LoRaWAN.
/// </summary>
internal static class ClusterFleet
{
    /// <summary>The fleet's first wristband (clear of the seed's own devices).</summary>
    public const uint FirstWristband = 0x2210_0001;

    /// <summary>Writes the file of <paramref name="wristbands"/> wristbands to <paramref name="path"/> and returns the path.</summary>
    public static string Write(string path, int wristbands)
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
            var id = FirstWristband + (uint)i;
            json.WriteStartObject();
            json.WriteNumber("id", id);
            json.WriteString("kind", "elder-wristband");
            json.WriteString("key", Convert.ToHexStringLower(SeedDevices.KeyOf(id)));
            json.WriteString("displayName", string.Create(CultureInfo.InvariantCulture, $"wristband {i}"));
            json.WriteString("community", "wufu");
            json.WriteString("owner", string.Create(CultureInfo.InvariantCulture, $"family-{i}"));
            json.WriteString("devEui", string.Create(CultureInfo.InvariantCulture, $"70b3d57e{id:x8}"));
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        return path;
    }
}
