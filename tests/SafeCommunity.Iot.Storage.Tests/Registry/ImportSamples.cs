using System.Text.Json.Nodes;

namespace SafeCommunity.Iot.Storage.Tests.Registry;

/// <summary>A small valid import file, and named ways to break exactly one row of it.</summary>
internal static class ImportSamples
{
    public const uint ChipId = 0x11000001;
    public const uint WristbandId = 0x22000001;

    public static readonly string ChipKey = TestData.DemoKeyHex(ChipId);
    public static readonly string WristbandKey = TestData.DemoKeyHex(WristbandId);

    public static readonly string Valid = $$"""
        {
          // comments are allowed: files are edited by hand
          "communities": [
            { "id": "wufu", "name": "五福社区 Wufu", "policeRoom": "五福社区警务室" },
            { "id": "tiangu", "name": "天鼓社区 Tiangu", "timeZone": "Asia/Shanghai", "policeRoom": "天鼓社区警务室" }
          ],
          "receivers": [
            { "id": "wufu-gate-north", "kind": "fixed-base-station", "community": "wufu", "name": "五福北门",
              "latitude": 25.102444, "longitude": 105.469198, "rangeMetres": 100, "hardwareId": 1375731969 },
            { "id": "wufu-patrol-car-1", "kind": "mobile", "community": "wufu", "rangeMetres": 100, "hardwareId": 1375731985 },
            { "id": "ac1f09fffe000002", "kind": "lorawan-gateway", "community": "tiangu", "rangeMetres": 2000 },
            { "id": "tiangu-police-room-lora", "kind": "lora-p2p-module", "community": "tiangu",
              "latitude": 25.0931, "longitude": 105.4779, "rangeMetres": 1500 }
          ],
          "devices": [
            { "id": {{ChipId}}, "kind": "ebike-chip", "key": "{{ChipKey}}",
              "displayName": "雅迪电动车 蓝 (Yadea e-bike, blue)", "community": "wufu", "owner": "owner-wf-001" },
            { "id": {{WristbandId}}, "kind": "elder-wristband", "key": "{{WristbandKey.ToUpperInvariant()}}",
              "displayName": "王奶奶的手环 (Grandma Wang)", "community": "tiangu", "owner": "household-tg-001",
              "devEui": "70B3D57E22000001", "networkServerDeviceId": "wb-tg-001",
              "silentTimeoutSeconds": 300, "lowBatteryPercent": 30 },
          ]
        }
        """;

    /// <summary>Breaks one row; the expected error text is beside each case in the tests.</summary>
    public static readonly Dictionary<string, Action<JsonObject>> Mutations = new(StringComparer.Ordinal)
    {
        ["bad key"] = f => Row(f, "devices", 1)["key"] = "0123456789abcdef0123456789abcdeg",
        ["short key"] = f => Row(f, "devices", 0)["key"] = ChipKey[..30],
        ["missing key"] = f => Row(f, "devices", 0).Remove("key"),
        ["unknown community"] = f => Row(f, "devices", 0)["community"] = "jiulong",
        ["receiver unknown community"] = f => Row(f, "receivers", 1)["community"] = "shuanglong",
        ["duplicate receiver id"] = f => Row(f, "receivers", 1)["id"] = "wufu-gate-north",
        ["duplicate device id"] = f => Row(f, "devices", 1)["id"] = ChipId,
        ["duplicate community id"] = f => f["communities"]!.AsArray().Add(new JsonObject { ["id"] = "wufu", ["name"] = "n", ["policeRoom"] = "p" }),
        ["fixed without position"] = f => { Row(f, "receivers", 0).Remove("latitude"); Row(f, "receivers", 0).Remove("longitude"); },
        ["p2p without position"] = f => { Row(f, "receivers", 3).Remove("latitude"); Row(f, "receivers", 3).Remove("longitude"); },
        ["latitude alone"] = f => Row(f, "receivers", 0).Remove("longitude"),
        ["mobile with position"] = f => { Row(f, "receivers", 1)["latitude"] = 25.1; Row(f, "receivers", 1)["longitude"] = 105.4; },
        ["latitude out of range"] = f => Row(f, "receivers", 0)["latitude"] = 95.0,
        ["range too large"] = f => Row(f, "receivers", 0)["rangeMetres"] = 10001,
        ["range zero"] = f => Row(f, "receivers", 2)["rangeMetres"] = 0,
        ["unknown receiver kind"] = f => Row(f, "receivers", 2)["kind"] = "lorawan",
        ["unknown device kind"] = f => Row(f, "devices", 0)["kind"] = "bike-chip",
        ["device id zero"] = f => Row(f, "devices", 0)["id"] = 0,
        ["device id too big"] = f => Row(f, "devices", 0)["id"] = 4294967296L,
        ["device id string"] = f => Row(f, "devices", 0)["id"] = "285212673",
        ["bad string id"] = f => f["communities"]!.AsArray().Add(new JsonObject { ["id"] = "Wu Fu", ["name"] = "n", ["policeRoom"] = "p" }),
        ["bad time zone"] = f => Row(f, "communities", 1)["timeZone"] = "Mars/Olympus_Mons",
        ["empty name"] = f => Row(f, "communities", 0)["name"] = "  ",
        ["bad devEui"] = f => Row(f, "devices", 1)["devEui"] = "70b3d57e2200000",
        ["percent too high"] = f => Row(f, "devices", 1)["lowBatteryPercent"] = 100,
        ["silent timeout too short"] = f => Row(f, "devices", 1)["silentTimeoutSeconds"] = 59,
        ["silent timeout too long"] = f => Row(f, "devices", 1)["silentTimeoutSeconds"] = 2592001,
        ["unknown property"] = f => Row(f, "devices", 1)["devEUI"] = "70b3d57e22000001",
        ["duplicate devEui"] = f => Row(f, "devices", 0)["devEui"] = "70b3d57e22000001",
        ["duplicate hardware id"] = f => Row(f, "receivers", 1)["hardwareId"] = 1375731969,
        ["row not an object"] = f => f["devices"]!.AsArray()[0] = 42,
        ["section not an array"] = f => f["receivers"] = new JsonObject(),
        ["unknown section"] = f => f["geofences"] = new JsonArray(),
    };

    public static string Mutated(string mutation)
    {
        var file = JsonNode.Parse(Valid, documentOptions: new() { CommentHandling = System.Text.Json.JsonCommentHandling.Skip, AllowTrailingCommas = true })!.AsObject();
        Mutations[mutation](file);
        return file.ToJsonString();
    }

    private static JsonObject Row(JsonObject file, string section, int index) => file[section]!.AsArray()[index]!.AsObject();
}
