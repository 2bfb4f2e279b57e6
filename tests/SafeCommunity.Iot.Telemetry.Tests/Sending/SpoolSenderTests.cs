using System.Text;
using SafeCommunity.Iot.Telemetry.Sending;
using SafeCommunity.Iot.Telemetry.Tests.Support;
using SafeCommunity.Iot.Telemetry.Writers;
using SafeCommunity.Iot.TestSupport;

namespace SafeCommunity.Iot.Telemetry.Tests.Sending;

public sealed class SpoolSenderTests
{
    private static readonly SenderSettings Fast = new(100, TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(50));

    /// <summary>A server that rejects (400) any request holding a line with "bad", fails the first N requests, and keeps the rest.</summary>
    private sealed class FakeServer(int failFirst = 0) : ITelemetryWriter
    {
        private int _failuresLeft = failFirst;

        public List<string> Stored { get; } = [];

        public int Requests { get; private set; }

        public string Target => "http://fake";

        public string Api => "fake";

        public Task<WriteOutcome> WriteAsync(ReadOnlyMemory<byte> lines, CancellationToken cancellationToken)
        {
            Requests++;
            if (_failuresLeft > 0)
            {
                _failuresLeft--;
                return Task.FromResult(WriteOutcome.FromStatus(503, "service unavailable"));
            }

            var text = Encoding.UTF8.GetString(lines.Span).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            if (text.Any(l => l.Contains("bad", StringComparison.Ordinal)))
            {
                // Like InfluxDB's partial write: the good lines are stored, the request answers 400.
                Stored.AddRange(text.Where(l => !l.Contains("bad", StringComparison.Ordinal)));
                return Task.FromResult(WriteOutcome.FromStatus(400, "partial write: field type conflict: input field \"value\" is type string, already exists as type float dropped=1"));
            }

            Stored.AddRange(text);
            return Task.FromResult(WriteOutcome.Written);
        }

        public void Dispose()
        {
        }
    }

    [Fact]
    public async Task Send_BatchWithARejectedPoint_SetsAsideExactlyThatPointWithTheReasonAndWritesTheRest()
    {
        var server = new FakeServer();
        await using var rig = new SpoolRig(server, Fast);
        var lines = Enumerable.Range(0, 10).Select(i => $"m,t=a value={i} {1000 + i}").ToList();
        lines.Insert(6, "m,t=a value=\"bad\" 999");
        rig.AppendLines([.. lines]);

        await rig.Sender!.SendAsync(rig.Spool.ReadBatch(100)!, CancellationToken.None);

        Assert.Equal(10, server.Stored.Distinct().Count());
        Assert.DoesNotContain(server.Stored, l => l.Contains("bad", StringComparison.Ordinal));
        Assert.Equal(1, rig.Metrics.DeadLettered);
        Assert.Equal(0, rig.Spool.PendingPoints);
        var deadLetters = File.ReadAllLines(rig.DeadLetters.Path);
        Assert.Equal(2, deadLetters.Length);
        Assert.Matches(@"^# \d{4}-\d\d-\d\dT.*Z HTTP 400: partial write: field type conflict", deadLetters[0]);
        Assert.Equal("m,t=a value=\"bad\" 999", deadLetters[1]);
        Assert.True(rig.Logger.Contains("set aside"));
    }

    [Fact]
    public async Task Run_ServerFailsAFewTimes_RetriesWithBackoffUntilStoredOnceAndLogsTheRecovery()
    {
        var server = new FakeServer(failFirst: 3);
        await using var rig = new SpoolRig(server, Fast);
        rig.AppendLines([.. Enumerable.Range(0, 50).Select(i => $"m value={i} {1000 + i}")]);
        rig.StartSending();

        await Waiting.UntilAsync(() => rig.Spool.PendingPoints == 0, TimeSpan.FromSeconds(20), "the spool to drain");

        Assert.Equal(50, server.Stored.Count);
        Assert.Equal(50, server.Stored.Distinct().Count());
        Assert.Equal(3, rig.Metrics.SendFailures);
        Assert.True(rig.Logger.Contains("retrying in"));
        Assert.True(rig.Logger.Contains("work again after 3 failed attempts"));
    }

    [Fact]
    public async Task Run_FewPoints_AreSentAfterTheFlushIntervalInOneBatch_ManyPointsInBatchesOfTheBatchSize()
    {
        var server = new FakeServer();
        await using var rig = new SpoolRig(server, new SenderSettings(100, TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(50)));
        // All five wait in the spool before the sender starts: a stall between appends cannot split them.
        for (var i = 0; i < 5; i++)
        {
            rig.AppendLines($"m value={i} {1000 + i}");
        }

        rig.StartSending();

        await Waiting.UntilAsync(() => server.Stored.Count == 5, TimeSpan.FromSeconds(20), "the small batch");
        Assert.Equal(1, server.Requests);

        for (var i = 0; i < 10; i++)
        {
            rig.AppendLines([.. Enumerable.Range(0, 50).Select(j => $"m value={j} {2000 + (i * 50) + j}")]);
        }

        await Waiting.UntilAsync(() => server.Stored.Count == 505, TimeSpan.FromSeconds(20), "the large batches");
        Assert.InRange(server.Requests, 1 + 5, 1 + 10);
    }
}
