using SafeCommunity.Iot.Core.Alarms;
using SafeCommunity.Iot.Core.State;
using SafeCommunity.Iot.Storage.Alarms;
using SafeCommunity.Iot.Storage.Database;
using SafeCommunity.Iot.Storage.Hosting;
using SafeCommunity.Iot.Storage.State;
using SafeCommunity.Iot.TestSupport;

namespace SafeCommunity.Iot.Board.Tests.Support;

/// <summary>
/// A month of Wufu's alarms before today, written into the gateway's store (TestStore) through the store's own commit
/// writer before the gateway starts, as a month of running would have left them: raised, acknowledged and resolved by
/// the police room, low batteries cleared by the gateway, a gate that went silent twice.
/// </summary>
internal static class AlarmHistory
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);
    private static readonly AlarmKind[] Kinds =
        [AlarmKind.Sos, AlarmKind.LeftSafeZone, AlarmKind.Fall, AlarmKind.LowBattery, AlarmKind.WristbandRemoved, AlarmKind.SilentTooLong, AlarmKind.Sos];

    private static readonly int[] AcknowledgeSeconds = [20, 45, 70, 95, 150, 240, 400, 700, 1300, 2500, 4000, 35, 55, 85];
    private static readonly (uint Id, string Label)[] Wearers =
        [(570425345, "王奶奶 (Grandma Wang)"), (570425346, "李爷爷 (Grandpa Li)"), (570425347, "张奶奶 (Grandma Zhang)")];

    /// <summary>Writes the alarms of the 29 days before <paramref name="today"/> (Wufu's days) and returns them.</summary>
    public static IReadOnlyList<Alarm> Seed(string dataDirectory, DateOnly today)
    {
        var store = TestStore.SettingsFor(dataDirectory);
        var options = new StorageOptions { DataDirectory = dataDirectory };
        if (store.TryGetValue("Storage:Provider", out var provider))
        {
            options.Provider = provider!;
            options.ConnectionString = store["Storage:ConnectionString"];
        }

        var database = new GatewayDatabase(options, dataDirectory);
        database.EnsureMigrated();
        using var writer = new StateAndAlarmWriter(database);
        var batch = new StateAndAlarmBatch();
        var alarms = new List<Alarm>();
        long sequence = 0;
        for (var daysAgo = 29; daysAgo >= 1; daysAgo--)
        {
            var day = today.AddDays(-daysAgo);
            var count = 1 + ((daysAgo * 7) % 5);
            for (var n = 0; n < count; n++)
            {
                var id = alarms.Count + 1;
                var raised = new DateTimeOffset(day.ToDateTime(new TimeOnly(7 + (n * 3) % 14, (id * 13) % 60)), China);
                var alarm = Alarm(id, Kinds[id % Kinds.Length], raised, Wearers[id % Wearers.Length]);
                alarms.Add(Lifecycle(alarm, batch, ref sequence));
            }
        }

        foreach (var (daysAgo, hours) in new[] { (20, 2), (6, 5) })
        {
            var raised = new DateTimeOffset(today.AddDays(-daysAgo).ToDateTime(new TimeOnly(3, 10)), China);
            var gate = Alarm(alarms.Count + 1, AlarmKind.ReceiverSilent, raised, (0, "五福南门 (Wufu south gate)")) with
            {
                DeviceId = null, ReceiverId = "wufu-gate-south", ConditionKey = "receiver-silent:wufu-gate-south",
            };
            batch.AlarmEvents.Add(new AlarmEvent(++sequence, AlarmEventType.Raised, raised, gate, null));
            var heardAgain = gate with { State = AlarmState.Resolved, ResolvedAt = raised.AddHours(hours), LastSeen = raised.AddHours(hours) };
            batch.AlarmEvents.Add(new AlarmEvent(++sequence, AlarmEventType.Resolved, raised.AddHours(hours), heardAgain, null));
            alarms.Add(heardAgain);
        }

        // The ids above become the gateway's own: reserved, as the gateway reserves every id it gives.
        new AlarmStore(database).ReserveAlarmIds(alarms.Count);
        writer.Commit(batch);
        return alarms;
    }

    private static Alarm Lifecycle(Alarm alarm, StateAndAlarmBatch batch, ref long sequence)
    {
        var raised = alarm.FirstSeen;
        batch.AlarmEvents.Add(new AlarmEvent(++sequence, AlarmEventType.Raised, raised, alarm, null));
        if (alarm.Kind == AlarmKind.LowBattery)
        {
            var charged = alarm with { State = AlarmState.Resolved, ResolvedAt = raised.AddHours(6) };
            batch.AlarmEvents.Add(new AlarmEvent(++sequence, AlarmEventType.Resolved, raised.AddHours(6), charged, null));
            return charged;
        }

        var answer = TimeSpan.FromSeconds(AcknowledgeSeconds[(int)(alarm.Id % AcknowledgeSeconds.Length)]);
        if (answer > TimeSpan.FromMinutes(10))
        {
            alarm = alarm with { EscalatedAt = raised.AddMinutes(10) };
            batch.AlarmEvents.Add(new AlarmEvent(++sequence, AlarmEventType.Escalated, raised.AddMinutes(10), alarm, null));
        }

        var acknowledged = alarm with { State = AlarmState.Acknowledged, AcknowledgedAt = raised + answer, AcknowledgedBy = "Wufu police room" };
        batch.AlarmEvents.Add(new AlarmEvent(++sequence, AlarmEventType.Acknowledged, raised + answer, acknowledged, "Wufu police room"));
        var done = raised + answer + TimeSpan.FromMinutes(10 + (alarm.Id * 7 % 50));
        var resolved = acknowledged with { State = AlarmState.Resolved, ResolvedAt = done, ResolvedBy = "Wufu police room", ResolutionNote = "处置完毕" };
        batch.AlarmEvents.Add(new AlarmEvent(++sequence, AlarmEventType.Resolved, done, resolved, "Wufu police room"));
        return resolved;
    }

    private static Alarm Alarm(long id, AlarmKind kind, DateTimeOffset raised, (uint Id, string Label) subject) => new()
    {
        Id = id,
        Kind = kind,
        Severity = kind is AlarmKind.Sos or AlarmKind.Fall ? AlarmSeverity.Critical : AlarmSeverity.High,
        ConditionKey = kind.ToString(),
        DeviceId = subject.Id,
        Subject = subject.Label,
        HomeCommunityId = "wufu",
        SeenCommunityId = "wufu",
        FirstSeen = raised,
        LastSeen = raised,
    };
}
