using System.Globalization;
using System.Text;
using SafeCommunity.Iot.Core.Registry;
using SafeCommunity.Iot.Core.Uplinks;
using SafeCommunity.Iot.Telemetry.Points;
using SafeCommunity.Iot.Telemetry.Spool;
using SafeCommunity.Iot.Telemetry.Tests.Support;

namespace SafeCommunity.Iot.Telemetry.Tests.Points;

public sealed class PointFormatterTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 29, 8, 35, 59, 123, TimeSpan.Zero);

    [Fact]
    public void AddUplink_FrameHeardTwice_WritesUplinkStatusBothReceptionsAndPosition()
    {
        var registry = new DeviceRegistry();
        registry.Apply(new RegistryContents(
            [],
            [new Receiver { Id = "wufu-gate-north", Kind = ReceiverKind.FixedBaseStation, CommunityId = "wufu", RangeMetres = 90 }],
            []));
        var report = TestUplinks.PositionReport(7, At);
        var uplink = report with
        {
            Receptions = [report.Receptions[0], new Reception("patrol 2", At, -71.5, null, null, UplinkTransport.LoRaP2P)],
        };
        var record = new RecordBuilder();

        new PointFormatter("anlong gw", registry).AddUplink(uplink, record);

        var location = uplink.Location!.Value.Point;
        var lat = location.Latitude.ToString(CultureInfo.InvariantCulture);
        var lon = location.Longitude.ToString(CultureInfo.InvariantCulture);
        Assert.Equal(
            $"""
            uplink,community=wufu,device=285212673,gateway=anlong\ gw,kind=ebike-chip counter=7i,rssi=-71.5,transport="lora-p2p",type="position-report" 1795941359123000000
            device_status,community=wufu,device=285212673,gateway=anlong\ gw,kind=ebike-chip battery=80i,flags=256i 1795941359123000000
            reception,community=wufu,gateway=anlong\ gw,receiver=wufu-gate-north,transport=serial counter=7i,device=285212673i,rssi=-87,snr=7.5 1795941359123000673
            reception,gateway=anlong\ gw,receiver=patrol\ 2,transport=lora-p2p counter=7i,device=285212673i,rssi=-71.5 1795941359123000673
            position,community=wufu,device=285212673,gateway=anlong\ gw,kind=ebike-chip accuracy_m=8,lat={lat},lon={lon},source="gnss" 1795941358123000000

            """.ReplaceLineEndings("\n"),
            Encoding.UTF8.GetString(record.Payload));
        Assert.Equal(5, record.Points);
    }

    [Fact]
    public void AddUplink_AfterWarmUp_AllocatesNothing()
    {
        var formatter = new PointFormatter("anlong-gw");
        var report = TestUplinks.PositionReport(7, At);
        var uplink = report with
        {
            Receptions = [report.Receptions[0], new Reception("wufu-pole-east", At, -92, 3.25, null, UplinkTransport.Serial)],
        };
        var record = new RecordBuilder();
        formatter.AddUplink(uplink, record);
        record.Clear();

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1_000; i++)
        {
            formatter.AddUplink(uplink, record);
            record.Clear();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
