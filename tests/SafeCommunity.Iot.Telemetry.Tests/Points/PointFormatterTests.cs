using System.Text;
using SafeCommunity.Iot.Core.Alarms;
using SafeCommunity.Iot.Core.Geodesy;
using SafeCommunity.Iot.Core.Registry;
using SafeCommunity.Iot.Core.Uplinks;
using SafeCommunity.Iot.Protocol.Radio;
using SafeCommunity.Iot.Telemetry.Points;
using SafeCommunity.Iot.Telemetry.Spool;

namespace SafeCommunity.Iot.Telemetry.Tests.Points;

/// <summary>The exact lines of docs/telemetry-schema.md: tag and field order, escaping, number formats, timestamps.</summary>
public sealed class PointFormatterTests
{
    private static readonly DateTimeOffset At = new DateTimeOffset(2026, 11, 29, 8, 30, 15, 123, TimeSpan.Zero).AddTicks(4567);

    private static readonly Device Elder = new()
    {
        Id = 0x22000001,
        Kind = DeviceKind.ElderWristband,
        Key = DeviceKey.FromBytes(new byte[16]),
        DisplayName = "Grandma Wang",
        CommunityId = "wufu",
        Owner = "household-wf-001",
    };

    private static readonly Device OddlyNamed = Elder with { Id = 7, Kind = DeviceKind.ChildWristband, CommunityId = "wu fu,=1" };

    [Fact]
    public void AddUplink_NewFrameHeardTwiceWithAFix_WritesUplinkStatusReceptionsAndPosition()
    {
        var frame = RadioFrame.PositionReport(Elder.Id, 42, DeviceStatusFlags.GnssFixValid | DeviceStatusFlags.Moving, 81, GeoFix.FromDegrees(25.1012345, 105.4698765, 8, 1));
        Reception[] receptions =
        [
            new("wufu-gate-north", At, -91.5, 7.25, null, UplinkTransport.Serial),
            new("ac1f09fffe000001", At.AddMilliseconds(3), -78, null, null, UplinkTransport.LoRaWan),
        ];
        var location = new Location(new GeoPoint(25.1012345, 105.4698765), 8, LocationSource.Gnss, At.AddSeconds(-1));

        var lines = Format(new AcceptedUplink(Elder, frame, receptions, location, IsDuplicate: false));

        Assert.Equal(
            [
                "uplink,community=wufu,device=570425345,gateway=gw-1,kind=elder-wristband counter=42i,rssi=-78,transport=\"lorawan\",type=\"position-report\" 1795941015123456700",
                "device_status,community=wufu,device=570425345,gateway=gw-1,kind=elder-wristband battery=81i,flags=288i 1795941015123456700",
                "reception,community=wufu,gateway=gw-1,receiver=wufu-gate-north,transport=serial counter=42i,device=570425345i,rssi=-91.5,snr=7.25 1795941015123456345",
                "reception,gateway=gw-1,receiver=ac1f09fffe000001,transport=lorawan counter=42i,device=570425345i,rssi=-78 1795941015126456345",
                "position,community=wufu,device=570425345,gateway=gw-1,kind=elder-wristband accuracy_m=8,lat=25.1012345,lon=105.4698765,receiver=\"wufu-gate-north\",source=\"gnss\" 1795941014123456700",
            ],
            lines);
    }

    [Fact]
    public void AddUplink_MergedDuplicatePlacedByReceivers_WritesTheNewestReceptionAndTheRefinedPosition()
    {
        var frame = RadioFrame.Beacon(Elder.Id, 43, DeviceStatusFlags.None, RadioFrameLayout.BatteryUnknown);
        Reception[] receptions =
        [
            new("wufu-gate-north", At, double.NaN, null, null, UplinkTransport.Serial),
            new("wufu-gate-south", At.AddMilliseconds(40), -88, null, new GeoPoint(25.0996, 105.4687), UplinkTransport.Serial),
        ];
        var location = new Location(new GeoPoint(25.1, 105.469), 60.5, LocationSource.Receivers, At);

        var lines = Format(new AcceptedUplink(Elder, frame, receptions, location, IsDuplicate: true));

        Assert.Equal(
            [
                "reception,community=wufu,gateway=gw-1,receiver=wufu-gate-south,transport=serial counter=43i,device=570425345i,rssi=-88 1795941015163456345",
                "position,community=wufu,device=570425345,gateway=gw-1,kind=elder-wristband accuracy_m=60.5,lat=25.1,lon=105.469,receiver=\"wufu-gate-north\",source=\"receivers\" 1795941015123456700",
            ],
            lines);
    }

    [Fact]
    public void AddUplink_NamesWithSpacesCommasAndEquals_AreEscapedAndUnknownValuesLeftOut()
    {
        var frame = RadioFrame.Beacon(OddlyNamed.Id, 1, DeviceStatusFlags.None, RadioFrameLayout.BatteryUnknown);
        Reception[] receptions = [new("gate, north=1", At, null, double.PositiveInfinity, null, UplinkTransport.LoRaP2P)];
        var stale = new Location(new GeoPoint(25.1, 105.469), 20, LocationSource.GnssStale, At);

        var lines = Format(new AcceptedUplink(OddlyNamed, frame, receptions, stale, IsDuplicate: false));

        Assert.Equal(
            [
                "uplink,community=wu\\ fu\\,\\=1,device=7,gateway=gw-1,kind=child-wristband counter=1i,transport=\"lora-p2p\",type=\"beacon\" 1795941015123456700",
                "device_status,community=wu\\ fu\\,\\=1,device=7,gateway=gw-1,kind=child-wristband flags=0i 1795941015123456700",
                "reception,gateway=gw-1,receiver=gate\\,\\ north\\=1,transport=lora-p2p counter=1i,device=7i 1795941015123456007",
            ],
            lines);
    }

    [Fact]
    public void AddAlarm_EveryOptionalField_IsWrittenAndQuotesEscaped()
    {
        var alarm = new Alarm
        {
            Id = 17,
            Kind = AlarmKind.Sos,
            Severity = AlarmSeverity.Critical,
            ConditionKey = "sos:570425345",
            DeviceId = Elder.Id,
            ReceiverId = "wufu-gate-north",
            Subject = "Grandma Wang",
            HomeCommunityId = "wufu",
            SeenCommunityId = "tiangu",
            Location = new Location(new GeoPoint(25.1012345, 105.4698765), 12, LocationSource.Gnss, At),
            FirstSeen = At,
            LastSeen = At,
            Count = 3,
            State = AlarmState.Acknowledged,
        };

        var lines = Format(new AlarmEvent(123_456, AlarmEventType.Acknowledged, At, alarm, "officer \"Li\" \\ wufu"));

        Assert.Equal(
            [
                "alarm,community=wufu,event=acknowledged,gateway=gw-1,kind=sos,severity=critical accuracy_m=12,actor=\"officer \\\"Li\\\" \\\\ wufu\",alarm_id=17i,count=3i,device=570425345i,lat=25.1012345,lon=105.4698765,receiver=\"wufu-gate-north\",seen_community=\"tiangu\",sequence=123456i,state=\"acknowledged\" 1795941015123456456",
            ],
            lines);
    }

    [Fact]
    public void AddAlarm_ReceiverAlarmWithoutDeviceOrPlace_WritesTheRequiredFieldsOnly()
    {
        var alarm = new Alarm
        {
            Id = 2,
            Kind = AlarmKind.ReceiverSilent,
            Severity = AlarmSeverity.Medium,
            ConditionKey = "receiver-silent:wufu-gate-north",
            Subject = "wufu-gate-north",
            HomeCommunityId = "wufu",
            FirstSeen = At,
            LastSeen = At,
        };

        var lines = Format(new AlarmEvent(9, AlarmEventType.Raised, At, alarm, null));

        Assert.Equal(
            [
                "alarm,community=wufu,event=raised,gateway=gw-1,kind=receiver-silent,severity=medium alarm_id=2i,count=1i,sequence=9i,state=\"open\" 1795941015123456009",
            ],
            lines);
    }

    private static string[] Format(AcceptedUplink uplink)
    {
        var record = new RecordBuilder();
        Formatter().AddUplink(uplink, record);
        return Lines(record);
    }

    private static string[] Format(AlarmEvent alarmEvent)
    {
        var record = new RecordBuilder();
        Formatter().AddAlarm(alarmEvent, record);
        return Lines(record);
    }

    private static PointFormatter Formatter()
    {
        var registry = new DeviceRegistry();
        registry.Apply(new RegistryContents(
            [new Community { Id = "wufu", Name = "Wufu", PoliceRoom = "Wufu police room" }],
            [new Receiver { Id = "wufu-gate-north", Kind = ReceiverKind.FixedBaseStation, CommunityId = "wufu", Position = new GeoPoint(25.1024, 105.4692), RangeMetres = 100 },
             new Receiver { Id = "wufu-gate-south", Kind = ReceiverKind.FixedBaseStation, CommunityId = "wufu", Position = new GeoPoint(25.0996, 105.4687), RangeMetres = 90 }],
            [Elder]));
        return new PointFormatter("gw-1", registry);
    }

    private static string[] Lines(RecordBuilder record) =>
        Encoding.UTF8.GetString(record.Payload).Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
