using Microsoft.Extensions.DependencyInjection;
using SafeCommunity.Iot.Alarms.Streaming;
using SafeCommunity.Iot.Core.Alarms;
using SafeCommunity.Iot.Core.Uplinks;
using SafeCommunity.Iot.Gateway.Tests.Support;
using SafeCommunity.Iot.TestSupport;
using SafeCommunity.Iot.Ingestion.Pipeline;
using SafeCommunity.Iot.Protocol.Radio;

namespace SafeCommunity.Iot.Gateway.Tests.Hosting;

/// <summary>Alarms and their sequence survive a restart of the real gateway on the same data directory.</summary>
public sealed class AlarmRestartTests
{
    // The real gateway's clock drives time-based rules, so the frames are heard "now".
    private static readonly DateTimeOffset Morning = DateTimeOffset.UtcNow;

    private static byte[] Sos(uint counter) => SeedDevices.Sign(RadioFrame.AlarmEvent(
        SeedDevices.Wristband, counter, DeviceStatusFlags.Sos | DeviceStatusFlags.GnssFixValid, 70, AlarmEventCode.Sos,
        GeoFix.FromDegrees(25.1011, 105.4691, 6, 1)));

    [Fact]
    public async Task Restart_KeepsAlarmsAndContinuesTheSequenceWithoutAGap()
    {
        using var data = new TempDirectory();
        long firstAlarmId;
        await using (var first = new GatewayFactory(data.Path, ("Storage:ImportOnStart", SeedDevices.SeedFile)))
        {
            using var client = first.CreateClient();
            var ingress = first.Services.GetRequiredService<IUplinkIngress>();
            Assert.Equal(UplinkOutcome.Accepted, await CompletionSource.SendAsync(ingress, Sos(1), "wufu-gate-north", Morning));
            Assert.Equal(UplinkOutcome.Accepted, await CompletionSource.SendAsync(ingress, Sos(2), "wufu-gate-north", Morning.AddSeconds(20)));
            var pipeline = first.Services.GetRequiredService<UplinkPipeline>();
            firstAlarmId = first.Services.GetRequiredService<IAlarmStore>().EventsAfter(0, 10)[0].Alarm.Id;
            var ack = await pipeline.AcknowledgeAlarmAsync(firstAlarmId, "officer-wf-01", CancellationToken.None);
            Assert.Equal(3, ack.Event!.Sequence);
        }

        await using var second = new GatewayFactory(data.Path);
        using var secondClient = second.CreateClient();
        var store = second.Services.GetRequiredService<IAlarmStore>();
        var hub = second.Services.GetRequiredService<AlarmHub>();
        using var live = hub.Subscribe(16);

        var before = store.EventsAfter(0, 10);
        Assert.Equal([1L, 2L, 3L], before.Select(e => e.Sequence));
        var alarm = store.FindAlarm(firstAlarmId)!;
        Assert.Equal(AlarmState.Acknowledged, alarm.State);
        Assert.Equal(2, alarm.Count);
        Assert.Equal("officer-wf-01", alarm.AcknowledgedBy);

        // The same condition still updates the restored alarm; a new condition gets the next number.
        var ingressAfter = second.Services.GetRequiredService<IUplinkIngress>();
        await CompletionSource.SendAsync(ingressAfter, Sos(3), "wufu-gate-north", Morning.AddSeconds(30));
        var tamper = SeedDevices.Sign(RadioFrame.AlarmEvent(SeedDevices.WufuChip, 1, DeviceStatusFlags.Tamper, 80, AlarmEventCode.Tamper));
        await CompletionSource.SendAsync(ingressAfter, tamper, "wufu-gate-north", Morning.AddSeconds(40));

        var after = store.EventsAfter(3, 10);
        Assert.Equal([4L, 5L], after.Select(e => e.Sequence));
        Assert.Equal(firstAlarmId, after[0].Alarm.Id);
        Assert.Equal(3, after[0].Alarm.Count);
        Assert.True(after[1].Alarm.Id > firstAlarmId);
        var delivered = new[] { await live.Events.ReadAsync(), await live.Events.ReadAsync() };
        Assert.Equal([4L, 5L], delivered.Select(e => e.Sequence));
    }
}
