using System.Net;
using SafeCommunity.Iot.Core.Alarms;
using SafeCommunity.Iot.Core.Geodesy;
using SafeCommunity.Iot.Telemetry.Points;
using SafeCommunity.Iot.Telemetry.Sending;
using SafeCommunity.Iot.Telemetry.Spool;
using SafeCommunity.Iot.Telemetry.Tests.Support;
using SafeCommunity.Iot.Telemetry.Writers;
using SafeCommunity.Iot.TestSupport;

namespace SafeCommunity.Iot.Telemetry.Tests.Writers;

/// <summary>The 1.x mode against a real InfluxDB 1.6 (1.x API only), checked with InfluxQL.</summary>
public sealed class InfluxV1IntegrationTests : IAsyncLifetime, IDisposable
{
    private readonly InfluxDb1Server _influx = new();

    public Task InitializeAsync() => _influx.StartAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _influx.Dispose();

    private InfluxV1Writer Writer(string? database = null) =>
        new(_influx.Url.ToString(), database ?? _influx.Database, null, null, null, TimeSpan.FromSeconds(10), gzip: true);

    [Fact]
    public async Task Spool_WithTheV1Writer_StoresEveryUplinkAndAlarmPoint_CountedWithInfluxQL()
    {
        await using var rig = new SpoolRig(Writer());
        var start = DateTimeOffset.UtcNow.AddMinutes(-10);
        for (var i = 1; i <= 300; i++)
        {
            rig.Append(TelemetryItem.For(TestUplinks.PositionReport((uint)i, start.AddMilliseconds(i * 250))));
        }

        var alarm = new Alarm
        {
            Id = 7, Kind = AlarmKind.Sos, Severity = AlarmSeverity.Critical, ConditionKey = "sos", DeviceId = TestUplinks.Chip.Id,
            Subject = "Grandma Wang", HomeCommunityId = "wufu", FirstSeen = start, LastSeen = start,
            Location = new Location(new GeoPoint(25.1, 105.47), 6, LocationSource.Gnss, start),
        };
        rig.Append(TelemetryItem.For(new AlarmEvent(1, AlarmEventType.Raised, start, alarm, null)), TelemetryItem.For(new AlarmEvent(2, AlarmEventType.Acknowledged, start, alarm with { State = AlarmState.Acknowledged }, "officer-wf-01")));
        rig.StartSending();

        await Waiting.UntilAsync(() => rig.Spool.PendingPoints == 0, TimeSpan.FromSeconds(30), "the spool to drain");
        Assert.Equal(300, await _influx.ScalarAsync("SELECT count(\"counter\") FROM \"uplink\""));
        Assert.Equal(300, await _influx.ScalarAsync("SELECT count(\"lat\") FROM \"position\" WHERE \"device\" = '285212673'"));
        Assert.Equal(300, await _influx.ScalarAsync("SELECT count(\"rssi\") FROM \"reception\" WHERE \"receiver\" = 'wufu-gate-north'"));
        Assert.Equal(300, await _influx.ScalarAsync("SELECT count(\"battery\") FROM \"device_status\""));
        Assert.Equal(2, await _influx.ScalarAsync("SELECT count(\"sequence\") FROM \"alarm\" WHERE \"community\" = 'wufu' AND \"kind\" = 'sos'"));
        Assert.Equal(rig.Metrics.Spooled, rig.Metrics.Sent);
    }

    [Fact]
    public async Task Send_FieldTypeConflict_Http400_SetsThePointAsideInTheDeadLetterFileAndTheSpoolMovesOn()
    {
        var now = DateTimeOffset.UtcNow;
        using (var existing = await _influx.WriteAsync("conflict,t=a value=1.5 "u8.ToArray().Concat(System.Text.Encoding.ASCII.GetBytes($"{PointFormatter.Nanoseconds(now.AddSeconds(-5))}\n")).ToArray()))
        {
            Assert.Equal(HttpStatusCode.NoContent, existing.StatusCode);
        }

        await using var rig = new SpoolRig(Writer(), new SenderSettings(100, TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(200)));
        var lines = Enumerable.Range(0, 20).Select(i => $"good,t=a value={i} {PointFormatter.Nanoseconds(now.AddMilliseconds(i))}").ToList();
        lines.Insert(13, $"conflict,t=a value=\"text\" {PointFormatter.Nanoseconds(now)}");
        rig.AppendLines([.. lines]);
        rig.AppendLines($"good,t=a value=100 {PointFormatter.Nanoseconds(now.AddSeconds(1))}");
        rig.StartSending();

        await Waiting.UntilAsync(() => rig.Spool.PendingPoints == 0, TimeSpan.FromSeconds(30), "the spool to drain past the rejected point");
        Assert.Equal(21, await _influx.ScalarAsync("SELECT count(\"value\") FROM \"good\""));
        Assert.Equal(1, rig.Metrics.DeadLettered);
        var deadLetter = await File.ReadAllLinesAsync(rig.DeadLetters.Path);
        Assert.Equal(2, deadLetter.Length);
        Assert.Contains("HTTP 400", deadLetter[0], StringComparison.Ordinal);
        Assert.Contains("field type conflict", deadLetter[0], StringComparison.Ordinal);
        Assert.StartsWith("conflict,t=a value=\"text\"", deadLetter[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task SegmentFile_KeptWithNoServerConfigured_ImportsAsItIsThroughTheWriteEndpoint()
    {
        // No sender: the embedded default keeps files. A segment is line protocol with comment headers.
        await using var rig = new SpoolRig(writer: null);
        var start = DateTimeOffset.UtcNow.AddMinutes(-5);
        for (var i = 1; i <= 40; i++)
        {
            rig.Append(TelemetryItem.For(TestUplinks.PositionReport((uint)i, start.AddSeconds(i))));
        }

        rig.Spool.Flush();
        var segment = Directory.GetFiles(rig.Directory, TelemetrySpool.SegmentPattern).Single();
        Assert.StartsWith("#sc1 ", await File.ReadAllTextAsync(segment), StringComparison.Ordinal);

        using var response = await _influx.WriteAsync(await File.ReadAllBytesAsync(segment));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(40, await _influx.ScalarAsync("SELECT count(\"counter\") FROM \"uplink\""));
    }

    [Fact]
    public async Task Write_MissingDatabase_IsRefusedNotRejected()
    {
        using var writer = Writer("no_such_database");

        var outcome = await writer.WriteAsync("m value=1 1000\n"u8.ToArray(), CancellationToken.None);

        Assert.Equal(WriteStatus.Refused, outcome.Status);
        Assert.Equal(404, outcome.HttpStatus);
    }
}
