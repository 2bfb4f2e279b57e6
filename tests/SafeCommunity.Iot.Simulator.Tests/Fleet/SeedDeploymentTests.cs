using SafeCommunity.Iot.Core.Registry;
using SafeCommunity.Iot.Simulator.Fleet;
using SafeCommunity.Iot.Simulator.Tests.Support;

namespace SafeCommunity.Iot.Simulator.Tests.Fleet;

public sealed class SeedDeploymentTests
{
    [Fact]
    public void Load_SeedFile_HasTheAnlongDeployment()
    {
        var seed = TestFleet.Seed;

        Assert.Equal(140, seed.Devices.Count);
        Assert.Equal(78, seed.Devices.Count(d => d.Kind == DeviceKind.EbikeChip));
        Assert.Equal(62, seed.Devices.Count(d => d.Kind is DeviceKind.ElderWristband or DeviceKind.ChildWristband));
        Assert.Equal(["wufu", "tiangu", "shuanglong", "jiulong"], seed.Communities.Select(c => c.Id));
        Assert.Equal(12, seed.Receivers.Count(r => r.Kind == ReceiverKind.FixedBaseStation));
        Assert.Equal(4, seed.Receivers.Count(r => r.Kind == ReceiverKind.LoRaWanGateway));
        Assert.Equal(72, seed.Devices.Count(d => d.DevEui is not null));
        Assert.Equal(1375731969u, seed.Receivers.Single(r => r.Id == "wufu-gate-north").HardwareId);
    }

    [Fact]
    public void DemoKeys_EqualTheKeysTheSeedEnrols()
    {
        foreach (var device in TestFleet.Seed.Devices)
        {
            Assert.Equal(device.KeyHex, DemoKeys.HexFor(device.Id));
        }
    }

    [Fact]
    public void DemoKeys_FirstChip_IsSha256OfItsDecimalId()
    {
        // python3 -c 'import hashlib;print(hashlib.sha256(b"safecommunity-demo-key:285212673").digest()[:16].hex())'
        Assert.Equal("4e0bfa7b11f1d1be6f70ba6fce36c168", DemoKeys.HexFor(0x11000001));
    }

    [Theory]
    [InlineData("not json", "not valid JSON")]
    [InlineData("{\"communities\":[],\"receivers\":[]}", "no 'devices' array")]
    [InlineData("{\"communities\":[],\"receivers\":[],\"devices\":[]}", "lists no devices")]
    [InlineData("{\"communities\":[],\"receivers\":[],\"devices\":[{\"id\":1,\"kind\":\"bicycle\",\"community\":\"x\"}]}", "devices[0].kind 'bicycle'")]
    [InlineData("{\"communities\":[],\"receivers\":[],\"devices\":[{\"id\":0,\"kind\":\"ebike-chip\",\"community\":\"x\"}]}", "devices[0].id")]
    [InlineData("{\"communities\":[],\"receivers\":[],\"devices\":[{\"id\":5,\"kind\":\"ebike-chip\",\"community\":\"x\"}]}", "community 'x'")]
    public void Parse_BadFile_SaysWhatIsWrong(string json, string expected)
    {
        var error = Assert.Throws<SeedFileException>(() => SeedDeployment.Parse(json));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingFile_NamesThePath()
    {
        var error = Assert.Throws<SeedFileException>(() => SeedDeployment.Load("/nonexistent/seed.json"));

        Assert.Contains("/nonexistent/seed.json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sites_CentresLieWithinTenMetresOfTheSeedsDrawingCentres()
    {
        using var fleet = TestFleet.Create();
        var drawn = new Dictionary<string, (double Lat, double Lon)>
        {
            ["wufu"] = (25.1010, 105.4690),
            ["tiangu"] = (25.0935, 105.4785),
            ["shuanglong"] = (25.1080, 105.4810),
            ["jiulong"] = (25.0900, 105.4620),
        };

        foreach (var (id, (lat, lon)) in drawn)
        {
            Assert.True(fleet.Sites[id].DistanceFromCentre(new Core.Geodesy.GeoPoint(lat, lon)) < 10, id);
        }
    }
}
