using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using SafeCommunity.Iot.Core.Registry;

namespace SafeCommunity.Iot.LoadTest.Fleet;

/// <summary>
/// Writes a registry import file (docs/storage.md) the gateway reads with <c>Storage:ImportOnStart</c>: the seed
/// file's communities and receivers as they are, and the generated devices.
/// </summary>
internal static class ImportFileWriter
{
    private static readonly JsonWriterOptions Options = new() { Indented = false, Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    /// <summary>Writes <paramref name="devices"/> with the communities and receivers of <paramref name="seedFile"/> to <paramref name="path"/>.</summary>
    public static void Write(string path, string seedFile, IEnumerable<LoadDevice> devices)
    {
        ArgumentNullException.ThrowIfNull(devices);
        using var seed = JsonDocument.Parse(File.ReadAllBytes(seedFile), new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        using var stream = File.Create(path);
        using var json = new Utf8JsonWriter(stream, Options);
        json.WriteStartObject();
        foreach (var section in new[] { "communities", "receivers" })
        {
            json.WritePropertyName(section);
            seed.RootElement.GetProperty(section).WriteTo(json);
        }

        json.WriteStartArray("devices");
        foreach (var device in devices)
        {
            var seedDevice = device.Seed;
            json.WriteStartObject();
            json.WriteNumber("id", seedDevice.Id);
            json.WriteString("kind", seedDevice.Kind.Name());
            json.WriteString("key", seedDevice.KeyHex);
            json.WriteString("displayName", seedDevice.DisplayName);
            json.WriteString("community", seedDevice.CommunityId);
            json.WriteString("owner", seedDevice.Owner);
            if (seedDevice.DevEui is { } devEui)
            {
                json.WriteString("devEui", devEui);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }
}
