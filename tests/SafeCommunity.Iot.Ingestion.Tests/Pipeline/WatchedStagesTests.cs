using Microsoft.Extensions.Logging;
using SafeCommunity.Iot.Core.Uplinks;
using SafeCommunity.Iot.Ingestion.Pipeline;
using SafeCommunity.Iot.Ingestion.Tests.Support;
using SafeCommunity.Iot.Protocol.Radio;
using SafeCommunity.Iot.TestSupport;

namespace SafeCommunity.Iot.Ingestion.Tests.Pipeline;

/// <summary>
/// A stage that throws must not leave the gateway looking alive while its queue fills and every receiver waits on it
/// for good: the pipeline fails at once (the host then stops with a non-zero exit code), says Critical which stage
/// it was, and reports itself not running (so /healthz is Unhealthy). The failure is injected where any stage can
/// meet it: a receiver's completion callback that throws, called by whichever stage finishes the uplink.
/// </summary>
public sealed class WatchedStagesTests
{
    private const uint Wristband = 0x22000001;

    [Theory]
    [InlineData("accepted", "committer")]
    [InlineData("malformed", "dispatcher")]
    [InlineData("unknown device", "shard")]
    public async Task AStageThatThrows_FailsThePipelineAtOnce_NamingTheStage(string uplink, string stage)
    {
        var logs = new CapturingLoggerProvider(LogLevel.Information);
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs));
        await using var harness = new PipelineHarness(logger: factory.CreateLogger<UplinkPipeline>());
        await harness.StartAsync();
        Assert.Equal(UplinkOutcome.Accepted, await harness.SendAsync(harness.Sign(RadioFrame.Beacon(Wristband, 1, DeviceStatusFlags.None, 80))));
        Assert.True(harness.Pipeline.IsRunning);

        var frame = uplink switch
        {
            "accepted" => harness.Sign(RadioFrame.Beacon(Wristband, 2, DeviceStatusFlags.None, 80)),
            "malformed" => [0x00, 0x01, 0x02],
            _ => harness.Sign(RadioFrame.Beacon(0x44000001, 1, DeviceStatusFlags.None, 80)),
        };
        await harness.Pipeline.WriteAsync(
            new RawUplink("gate-north", PipelineHarness.Start, frame, UplinkTransport.Serial, -80, 7.5, null, new ThrowingCompletion()), CancellationToken.None);

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => harness.Pipeline.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains(stage, failure.Message, StringComparison.Ordinal);
        Assert.IsType<ReceiverBugException>(failure.InnerException);
        Assert.False(harness.Pipeline.IsRunning);
        var critical = Assert.Single(logs.Records, r => r.Level == LogLevel.Critical);
        Assert.Equal(11, critical.EventId.Id);
        Assert.Contains(stage, critical.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(ReceiverBugException), critical.Exception, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StoppedRightAfterStart_EndsCleanly_TheTickerEndingOnTheStopIsNoFailure()
    {
        // The ticker ends on the stopping token itself, so the watch may see it end a moment before the stop: that
        // raced into "the ticker stopped while the gateway was running" and an exit code of 1 on a loaded machine.
        for (var run = 0; run < 20; run++)
        {
            var harness = new PipelineHarness();
            await harness.StartAsync();
            await Waiting.UntilAsync(() => harness.Pipeline.IsRunning, TimeSpan.FromSeconds(30), "the pipeline to run");
            await harness.DisposeAsync();

            Assert.True(harness.Pipeline.ExecuteTask!.IsCompletedSuccessfully, harness.Pipeline.ExecuteTask.Exception?.ToString());
        }
    }

    private sealed class ReceiverBugException() : Exception("a receiver's completion failed");

    private sealed class ThrowingCompletion : IUplinkCompletion
    {
        public void Complete(UplinkOutcome outcome) => throw new ReceiverBugException();
    }
}
