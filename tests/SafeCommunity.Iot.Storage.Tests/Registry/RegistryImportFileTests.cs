using System.Globalization;
using System.Text;
using SafeCommunity.Iot.Core.Geodesy;
using SafeCommunity.Iot.Core.Registry;
using SafeCommunity.Iot.Storage.Registry;

namespace SafeCommunity.Iot.Storage.Tests.Registry;

public sealed class RegistryImportFileTests
{
    [Fact]
    public void Parse_ValidFile_ReturnsEveryRowWithEveryField()
    {
        var result = RegistryImportFile.Parse(ImportSamples.Valid);

        Assert.True(result.IsValid, result.FormatErrors());
        var contents = result.Contents;
        Assert.Equal(["wufu", "tiangu"], contents.Communities.Select(c => c.Id));
        Assert.All(contents.Communities, c => Assert.Equal("Asia/Shanghai", c.TimeZoneId));
        Assert.Equal(4, contents.Receivers.Count);
        var gate = contents.Receivers[0];
        Assert.Equal(ReceiverKind.FixedBaseStation, gate.Kind);
        Assert.Equal(new GeoPoint(25.102444, 105.469198), gate.Position);
        Assert.Equal(100, gate.RangeMetres);
        Assert.Equal(1375731969u, gate.HardwareId);
        Assert.Equal("五福北门", gate.Name);
        Assert.Null(contents.Receivers[1].Position);
        Assert.Null(contents.Receivers[2].Position);
        Assert.Null(contents.Receivers[2].HardwareId);

        var chip = contents.Devices[0];
        Assert.Equal(ImportSamples.ChipId, chip.Id);
        Assert.Equal(DeviceKind.EbikeChip, chip.Kind);
        Assert.Equal(ImportSamples.ChipKey, chip.Key.ToHex());
        Assert.Null(chip.DevEui);
        Assert.Null(chip.SilentTimeout);

        var wristband = contents.Devices[1];
        Assert.Equal(DeviceKind.ElderWristband, wristband.Kind);
        Assert.Equal(ImportSamples.WristbandKey, wristband.Key.ToHex());
        Assert.Equal("70b3d57e22000001", wristband.DevEui);
        Assert.Equal("wb-tg-001", wristband.NetworkServerDeviceId);
        Assert.Equal(TimeSpan.FromMinutes(5), wristband.SilentTimeout);
        Assert.Equal(30, wristband.LowBatteryPercent);
        Assert.Equal("household-tg-001", wristband.Owner);
    }

    [Theory]
    [InlineData("bad key", "devices[1] (id 570425345): key must be 32 hex digits")]
    [InlineData("short key", "devices[0] (id 285212673): key must be 32 hex digits")]
    [InlineData("missing key", "devices[0] (id 285212673): key is required (32 hex digits)")]
    [InlineData("unknown community", "devices[0] (id 285212673): community 'jiulong' does not exist (neither in this file nor enrolled)")]
    [InlineData("receiver unknown community", "receivers[1] (id wufu-patrol-car-1): community 'shuanglong' does not exist (neither in this file nor enrolled)")]
    [InlineData("duplicate receiver id", "receivers[1] (id wufu-gate-north): duplicate id: receivers[0] has it too")]
    [InlineData("duplicate device id", "devices[1] (id 285212673): duplicate id: devices[0] has it too")]
    [InlineData("duplicate community id", "communities[2] (id wufu): duplicate id: communities[0] has it too")]
    [InlineData("fixed without position", "receivers[0] (id wufu-gate-north): a fixed-base-station needs latitude and longitude")]
    [InlineData("p2p without position", "receivers[3] (id tiangu-police-room-lora): a lora-p2p-module needs latitude and longitude")]
    [InlineData("latitude alone", "receivers[0] (id wufu-gate-north): latitude and longitude go together")]
    [InlineData("mobile with position", "receivers[1] (id wufu-patrol-car-1): a mobile receiver must not have latitude or longitude")]
    [InlineData("latitude out of range", "receivers[0] (id wufu-gate-north): latitude must be from -90 to 90")]
    [InlineData("range too large", "receivers[0] (id wufu-gate-north): rangeMetres must be from 1 to 10000 metres")]
    [InlineData("range zero", "receivers[2] (id ac1f09fffe000002): rangeMetres must be from 1 to 10000 metres")]
    [InlineData("unknown receiver kind", "receivers[2] (id ac1f09fffe000002): kind must be one of fixed-base-station, mobile, lora-p2p-module, lorawan-gateway")]
    [InlineData("unknown device kind", "devices[0] (id 285212673): kind must be one of ebike-chip, elder-wristband, child-wristband")]
    [InlineData("device id zero", "devices[0] (id 0): id must be a whole number from 1 to 4294967295")]
    [InlineData("device id too big", "devices[0] (id 4294967296): id must be a whole number from 1 to 4294967295")]
    [InlineData("device id string", "devices[0] (id 285212673): id must be a whole number from 1 to 4294967295")]
    [InlineData("bad string id", "communities[2] (id Wu Fu): id must be 1-64 characters of a-z, 0-9, '.', '_' and '-'")]
    [InlineData("bad time zone", "communities[1] (id tiangu): timeZone 'Mars/Olympus_Mons' is not a known IANA time zone")]
    [InlineData("empty name", "communities[0] (id wufu): name must not be empty")]
    [InlineData("bad devEui", "devices[1] (id 570425345): devEui must be 16 hex digits")]
    [InlineData("percent too high", "devices[1] (id 570425345): lowBatteryPercent must be a whole number from 1 to 99")]
    [InlineData("silent timeout too short", "devices[1] (id 570425345): silentTimeoutSeconds must be a whole number of seconds from 60 (1 minute) to 2592000 (30 days)")]
    [InlineData("silent timeout too long", "devices[1] (id 570425345): silentTimeoutSeconds must be a whole number of seconds from 60")]
    [InlineData("unknown property", "devices[1] (id 570425345): unknown property 'devEUI'")]
    [InlineData("duplicate devEui", "devices[1] (id 570425345): duplicate devEui: devices[0] has it too")]
    [InlineData("duplicate hardware id", "receivers[1] (id wufu-patrol-car-1): duplicate hardwareId: receivers[0] has it too")]
    [InlineData("row not an object", "devices[0]: each row must be a JSON object")]
    [InlineData("section not an array", "receivers: must be a JSON array of rows")]
    [InlineData("unknown section", "unknown section 'geofences' (expected communities, receivers, devices)")]
    public void Parse_OneBadRow_ReturnsOneErrorNamingRowAndReason(string mutation, string expected)
    {
        var result = RegistryImportFile.Parse(ImportSamples.Mutated(mutation));

        Assert.False(result.IsValid);
        Assert.Null(result.Contents);
        var error = Assert.Single(result.Errors);
        Assert.StartsWith(expected, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_EscapeOfHalfASurrogatePair_ReturnsOneErrorWithLineAndPositionInsteadOfThrowing()
    {
        // Well-formed JSON that System.Text.Json parses but cannot read as a string (found by the fuzz tests).
        const string Json = "{\n  \"communities\": [\n    { \"id\": \"wufu\", \"name\": \"Wufu \\udfea\" }\n  ]\n}\n";

        var result = RegistryImportFile.Parse(Json);

        var error = Assert.Single(result.Errors);
        Assert.Null(result.Contents);
        Assert.Equal("malformed JSON at line 3, position 35: a \\u escape holds half of a UTF-16 surrogate pair without its other half", error.Reason);
    }

    [Fact]
    public void Parse_MalformedJson_ReturnsOneErrorWithLineAndPosition()
    {
        const string Json = "{\n  \"communities\": [\n    { \"id\": \"wufu\" \"name\": \"Wufu\" }\n  ]\n}\n";

        var result = RegistryImportFile.Parse(Json);

        var error = Assert.Single(result.Errors);
        Assert.Null(error.Section);
        Assert.StartsWith("malformed JSON at line 3, position 20: ", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_InvalidUtf8InsideAString_ReturnsOneErrorInsteadOfThrowing()
    {
        // Found by fuzzing: the JSON reader accepted the document and reading the name threw.
        byte[] file = [.. "{\"devices\":[{\"id\":1,\"displayName\":\""u8, 0xE9, .. "\"}]}"u8];

        var result = RegistryImportFile.Parse(file);

        var error = Assert.Single(result.Errors);
        Assert.Equal("the file is not UTF-8 text: invalid byte sequence at byte 36", error.Reason);
    }

    [Theory]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("null")]
    [InlineData("\"communities\"")]
    public void Parse_NotAnObject_ReturnsOneError(string json)
    {
        var result = RegistryImportFile.Parse(json);

        Assert.False(result.IsValid);
        Assert.Single(result.Errors);
    }

    [Fact]
    public void Parse_ByteOrderMark_IsAccepted()
    {
        byte[] bytes = [.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes(ImportSamples.Valid)];

        var result = RegistryImportFile.Parse(bytes);

        Assert.True(result.IsValid, result.FormatErrors());
    }

    [Fact]
    public void Parse_EmptyObject_IsAValidEmptyImport()
    {
        var result = RegistryImportFile.Parse("{}");

        Assert.True(result.IsValid);
        Assert.Empty(result.Contents.Communities);
        Assert.Empty(result.Contents.Devices);
    }

    [Fact]
    public void Parse_CommunityEnrolledBefore_IsAValidReference()
    {
        var json = $$"""
            { "devices": [ { "id": 7, "kind": "child-wristband", "key": "{{TestData.DemoKeyHex(7)}}",
                             "displayName": "小明的手环 (Xiaoming)", "community": "jiulong", "owner": "household-jl-001" } ] }
            """;
        var existing = new RegistryImportContext(["jiulong"], []);

        Assert.False(RegistryImportFile.Parse(json).IsValid);
        Assert.True(RegistryImportFile.Parse(json, existing).IsValid);
    }

    [Fact]
    public void Parse_DevEuiHeldByAnotherEnrolledDevice_ReturnsError()
    {
        var existing = new RegistryImportContext(["wufu", "tiangu"], [TestData.Device(99, "wufu", devEui: "70b3d57e22000001")]);

        var result = RegistryImportFile.Parse(ImportSamples.Valid, existing);

        var error = Assert.Single(result.Errors);
        Assert.Equal("devices[1] (id 570425345): devEui is already held by enrolled device 99", error.ToString());
    }

    [Fact]
    public void Parse_DevEuiHeldBySameDeviceOrByADeviceTheFileReimports_IsValid()
    {
        var sameDevice = new RegistryImportContext([], [TestData.Device(ImportSamples.WristbandId, "tiangu", devEui: "70b3d57e22000001")]);
        // The chip held the wristband's DevEUI, and the file gives the chip none: after the import nobody shares it.
        var movedAway = new RegistryImportContext([], [TestData.Device(ImportSamples.ChipId, "wufu", devEui: "70b3d57e22000001")]);

        Assert.True(RegistryImportFile.Parse(ImportSamples.Valid, sameDevice).IsValid);
        Assert.True(RegistryImportFile.Parse(ImportSamples.Valid, movedAway).IsValid);
    }

    [Fact]
    public void Parse_ManyBadRows_ListsHundredErrorsThenCountsTheRest()
    {
        var rows = Enumerable.Range(1, 150).Select(id => string.Create(CultureInfo.InvariantCulture,
            $$"""{ "id": {{id}}, "kind": "ebike-chip", "key": "zz", "displayName": "e-bike", "community": "wufu", "owner": "o" }"""));
        var json = $$"""{ "communities": [ { "id": "wufu", "name": "Wufu", "policeRoom": "room" } ], "devices": [ {{string.Join(",", rows)}} ] }""";

        var result = RegistryImportFile.Parse(json);

        Assert.Equal(RegistryImportFile.MaxReportedErrors + 1, result.Errors.Count);
        Assert.Equal("devices[0] (id 1): key must be 32 hex digits", result.Errors[0].ToString());
        Assert.Equal("devices[99] (id 100): key must be 32 hex digits", result.Errors[99].ToString());
        Assert.Equal("... and 50 more errors", result.Errors[^1].ToString());
    }

    [Fact]
    public void Parse_EveryKindOfKeyMistake_NeverShowsTheKey()
    {
        var key = ImportSamples.ChipKey;
        var files = new[]
        {
            // A key one digit short, with other errors in the row.
            $$"""{ "devices": [ { "id": 5, "kind": "x", "key": "{{key[..31]}}", "displayName": "", "community": "nowhere", "owner": "o" } ] }""",
            // A key with one bad digit.
            $$"""{ "devices": [ { "id": 5, "kind": "ebike-chip", "key": "{{key[..31]}}g", "displayName": "d", "community": "c", "owner": "o" } ] }""",
            // A key pasted into the wrong fields.
            $$"""{ "devices": [ { "id": "{{key}}", "kind": "{{key}}", "key": 5, "displayName": "d", "community": "{{key}}", "owner": "{{key}}", "devEui": "{{key}}", "networkServerDeviceId": "{{key}}" } ] }""",
            $$"""{ "communities": [ { "id": "{{key}}", "name": "n", "policeRoom": "p", "timeZone": "{{key}}" } ], "{{key}}": 1 }""",
            $$"""{ "devices": [ { "{{key}}": 1 } ] }""",
            // The file breaks right after the key.
            $$"""{ "devices": [ { "id": 5, "key": "{{key}}" x } ] }""",
            $$"""{ "devices": [ { "id": 5, "key": {{key}} } ] }""",
            $$"""{ "devices": [ { "id": 5, "key": "{{key}}""",
        };

        foreach (var file in files)
        {
            var result = RegistryImportFile.Parse(file);

            Assert.False(result.IsValid);
            var text = result.FormatErrors();
            Assert.DoesNotContain(key, text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(key[..31], text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(key[..16], text, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void Read_MissingFile_ReturnsOneErrorNamingThePath()
    {
        var path = Path.Combine(Path.GetTempPath(), "no-such-dir-" + Guid.NewGuid().ToString("N"), "import.json");

        var result = RegistryImportFile.Read(path);

        var error = Assert.Single(result.Errors);
        Assert.Contains(path, error.Reason, StringComparison.Ordinal);
    }
}
