using System.Text.Json;
using SafeCommunity.Iot.Core.Registry;
using SafeCommunity.Iot.LoadTest.Fleet;
using SafeCommunity.Iot.LoadTest.Tests.Support;
using SafeCommunity.Iot.Simulator.Fleet;

namespace SafeCommunity.Iot.LoadTest.Tests.Fleet;

public class LoadFleetTests
{
    private static readonly SeedDeployment Seed = SeedDeployment.Load(TestPaths.SeedFile);

    [Fact]
    public void Generate_IsDeterministic_WithKeysFromTheId()
    {
        var first = LoadFleet.Generate(Seed, 500, 2);
        var second = LoadFleet.Generate(Seed, 500, 2);

        Assert.Equal(first.Devices.Select(d => d.Seed), second.Devices.Select(d => d.Seed));
        Assert.Equal(LoadFleet.FirstId, first.Devices[0].Seed.Id);
        Assert.All(first.Devices, d => Assert.Equal(DemoKeys.HexFor(d.Seed.Id), d.Seed.KeyHex));
        Assert.Equal(500, first.Devices.Select(d => d.Seed.Id).Distinct().Count());
    }

    [Fact]
    public void Generate_SerialDevicesAreChipsWithoutDevEui_SpreadOverThePorts()
    {
        var fleet = LoadFleet.Generate(Seed, 1000, 2);

        Assert.Equal(2, fleet.SerialReceivers.Count);
        Assert.All(fleet.SerialReceivers, r => Assert.Equal(ReceiverKind.FixedBaseStation, r.Kind));
        Assert.All(fleet.SerialDevices, port => Assert.NotEmpty(port));
        Assert.All(fleet.SerialDevices.SelectMany(p => p), d =>
        {
            Assert.Null(d.Seed.DevEui);
            Assert.Equal(DeviceKind.EbikeChip, d.Seed.Kind);
        });
        Assert.Equal(fleet.Devices.Count, fleet.LoRaWanDevices.Count + fleet.SerialDevices.Sum(p => p.Count));
        Assert.All(fleet.LoRaWanDevices, d =>
        {
            Assert.Matches("^70b3d57e[0-9a-f]{8}$", d.Seed.DevEui);
            Assert.Equal(ReceiverKind.LoRaWanGateway, d.Heard.Receiver.Kind);
        });
        Assert.Contains(fleet.LoRaWanDevices, d => d.IsWristband);
    }

    [Fact]
    public void Generate_TooFewDevicesForThePorts_SaysSo()
    {
        var error = Assert.Throws<ArgumentException>(() => LoadFleet.Generate(Seed, 5, 2));
        Assert.StartsWith("5 devices make only 1 serial devices", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ImportFileWriter_WritesTheSeedsCommunitiesAndReceivers_AndTheDevices()
    {
        var fleet = LoadFleet.Generate(Seed, 30, 1);
        var file = Path.GetTempFileName();
        try
        {
            ImportFileWriter.Write(file, TestPaths.SeedFile, fleet.Devices);

            using var written = JsonDocument.Parse(File.ReadAllText(file));
            using var seed = JsonDocument.Parse(File.ReadAllText(TestPaths.SeedFile));
            Assert.Equal(seed.RootElement.GetProperty("receivers").GetArrayLength(), written.RootElement.GetProperty("receivers").GetArrayLength());
            var devices = written.RootElement.GetProperty("devices").EnumerateArray().ToList();
            Assert.Equal(30, devices.Count);
            Assert.Equal(LoadFleet.FirstId, devices[0].GetProperty("id").GetUInt32());
            Assert.Equal(DemoKeys.HexFor(LoadFleet.FirstId), devices[0].GetProperty("key").GetString());
            Assert.False(devices[0].TryGetProperty("devEui", out _));
            Assert.Equal("70b3d57e33000002", devices[1].GetProperty("devEui").GetString());
            Assert.Equal(30, SeedDeployment.Load(file).Devices.Count);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
