using Google.Protobuf.WellKnownTypes;
using SafeCommunity.Iot.Contracts.V1;

namespace SafeCommunity.Iot.Cli.Tests.Support;

/// <summary>Alarms and events as the gateway would send them.</summary>
public static class Samples
{
    public static readonly DateTimeOffset EventTime = new(2026, 5, 1, 6, 3, 22, TimeSpan.Zero);

    public static Alarm Alarm(long id = 12, string subject = "blue Yadea e-bike") => new()
    {
        Id = id,
        Kind = AlarmKind.StolenBikeSighted,
        Severity = AlarmSeverity.Critical,
        State = AlarmState.Open,
        Subject = subject,
        DeviceId = 570425345,
        HomeCommunityId = "wufu",
        SeenCommunityId = "tiangu",
        Location = new Location
        {
            Latitude = 25.123456,
            Longitude = 105.654321,
            AccuracyMetres = 35.4,
            Source = LocationSource.Receivers,
            At = Timestamp.FromDateTimeOffset(EventTime),
        },
        FirstSeen = Timestamp.FromDateTimeOffset(EventTime.AddMinutes(-8)),
        LastSeen = Timestamp.FromDateTimeOffset(EventTime),
        Count = 3,
    };

    public static AlarmEvent Event(long sequence, AlarmEventType type = AlarmEventType.Raised) => new()
    {
        Sequence = sequence,
        Type = type,
        At = Timestamp.FromDateTimeOffset(EventTime.AddSeconds(sequence)),
        Alarm = Alarm(100 + sequence),
    };

    public static WatchAlarmsResponse EventItem(long sequence) => new() { Event = Event(sequence) };

    public static WatchAlarmsResponse HeartbeatItem(long sequence) => new()
    {
        Heartbeat = new Heartbeat { Sequence = sequence, At = Timestamp.FromDateTimeOffset(EventTime) },
    };
}
