using Grpc.Core;
using SafeCommunity.Iot.Cli.Cli;
using SafeCommunity.Iot.Cli.Tests.Support;
using SafeCommunity.Iot.Cli.Watch;
using SafeCommunity.Iot.Contracts.V1;
using SafeCommunity.Iot.Core.Resilience;
using static SafeCommunity.Iot.Cli.Tests.Support.WatchScripts;

namespace SafeCommunity.Iot.Cli.Tests.Watch;

/// <summary>
/// The live view against a fake gateway on a real Kestrel socket: the fake sends events, ends the stream the ways a
/// real gateway can, and checks where the CLI resumes; the waits between reconnections are recorded, not slept.
/// </summary>
public sealed class AlarmWatcherTests : IAsyncLifetime
{
    private readonly TestFiles _files = new();
    private FakeGateway _gateway = null!;

    public async Task InitializeAsync() => _gateway = await FakeGateway.StartAsync();

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        _files.Delete();
    }

    [Fact]
    public async Task Watch_StreamEndsWithUnavailable_ReconnectsAfterLastDeliveredAndPrintsEachEventOnce()
    {
        _gateway.Alarms.Script(
            Send([1, 2, 3], then: new RpcException(new Status(StatusCode.Unavailable, "gateway stopping"))),
            Expect(after: 3, send: [3, 4, 5], then: new RpcException(new Status(StatusCode.Unavailable, "gateway stopping"))),
            Expect(after: 5, send: [6]));
        var console = new TestConsole(_gateway, files: _files);

        var exit = await WatchUntilIdle(console, "alarms", "watch", "--json");

        Assert.Equal(ExitCodes.Success, exit);
        Assert.Equal([1L, 2, 3, 4, 5, 6], PrintedSequences(console));
        var requests = _gateway.Alarms.WatchRequests;
        Assert.False(requests[0].HasAfterSequence);
        Assert.Equal(3, requests[1].AfterSequence);
        Assert.Equal(5, requests[2].AfterSequence);
        Assert.Equal(6, requests[3].AfterSequence);
        Assert.Contains("UNAVAILABLE: gateway stopping", console.Errors, StringComparison.Ordinal);
        Assert.Contains("resuming after sequence 3", console.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_ResourceExhaustedWithResumeTrailer_ResumesAfterTheTrailersSequence()
    {
        _gateway.Alarms.Script(
            Send([10, 11, 12], then: FellBehind(12)),
            Expect(after: 12, send: [13, 14]));
        var console = new TestConsole(_gateway, files: _files);

        var exit = await WatchUntilIdle(console, "alarms", "watch", "--json", "--after", "9");

        Assert.Equal(ExitCodes.Success, exit);
        Assert.Equal([10L, 11, 12, 13, 14], PrintedSequences(console));
        Assert.Equal(9, _gateway.Alarms.WatchRequests[0].AfterSequence);
        Assert.Equal(12, _gateway.Alarms.WatchRequests[1].AfterSequence);
        Assert.Contains("falling behind (RESOURCE_EXHAUSTED", console.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_TrailerEarlierThanLastPrinted_ResumesFromTrailerAndSkipsTheOverlap()
    {
        _gateway.Alarms.Script(
            Send([20, 21, 22], then: FellBehind(20)),
            Expect(after: 20, send: [21, 22, 23]),
            Expect(after: 23, send: []));
        var console = new TestConsole(_gateway, files: _files);

        await WatchUntilIdle(console, "alarms", "watch", "--json", "--after", "19");

        Assert.Equal([20L, 21, 22, 23], PrintedSequences(console));
    }

    [Fact]
    public async Task Watch_LiveStartCutOffBeforeAnyEvent_ResumesAfterTheTrailer()
    {
        _gateway.Alarms.Script(
            Send([], then: FellBehind(41)),
            Expect(after: 41, send: [42]));
        var console = new TestConsole(_gateway, files: _files);

        await WatchUntilIdle(console, "alarms", "watch", "--json");

        Assert.False(_gateway.Alarms.WatchRequests[0].HasAfterSequence);
        Assert.Equal([42L], PrintedSequences(console));
    }

    [Fact]
    public async Task Watch_Heartbeat_MovesTheResumePointOn()
    {
        _gateway.Alarms.Script(
            async (_, stream, _) =>
            {
                await stream.WriteAsync(Samples.EventItem(7));
                await stream.WriteAsync(Samples.HeartbeatItem(30));
                throw new RpcException(new Status(StatusCode.Unavailable, "restarting"));
            },
            Expect(after: 30, send: [31]));
        var console = new TestConsole(_gateway, files: _files);

        await WatchUntilIdle(console, "alarms", "watch", "--json");

        Assert.Equal([7L, 31], PrintedSequences(console));
    }

    [Theory]
    [InlineData(StatusCode.Internal)]
    [InlineData(StatusCode.Cancelled)]
    [InlineData(StatusCode.Unknown)]
    public async Task Watch_OtherStreamFailures_Reconnect(StatusCode code)
    {
        _gateway.Alarms.Script(
            Send([1], then: new RpcException(new Status(code, "stream failed"))),
            Expect(after: 1, send: [2]));
        var console = new TestConsole(_gateway, files: _files);

        var exit = await WatchUntilIdle(console, "alarms", "watch", "--json");

        Assert.Equal(ExitCodes.Success, exit);
        Assert.Equal([1L, 2], PrintedSequences(console));
    }

    [Fact]
    public async Task Watch_ConnectionDropsMidStream_Reconnects()
    {
        var console = new TestConsole(_gateway, files: _files);
        _gateway.Alarms.Script(
            async (_, stream, context) =>
            {
                await stream.WriteAsync(Samples.EventItem(1));
                await stream.WriteAsync(Samples.EventItem(2));

                // Drop the connection once the CLI has shown both (a reset may discard frames not yet read).
                using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                while (console.OutputLines.Length < 2)
                {
                    await Task.Delay(5, patience.Token);
                }

                context.GetHttpContext().Abort();
            },
            Expect(after: 2, send: [3]));

        var exit = await WatchUntilIdle(console, "alarms", "watch", "--json");

        Assert.Equal(ExitCodes.Success, exit);
        Assert.Equal([1L, 2, 3], PrintedSequences(console));
    }

    [Fact]
    public async Task Watch_ServerEndsStreamWithOk_Reconnects()
    {
        _gateway.Alarms.Script(
            Send([5]),
            Expect(after: 5, send: [6]));
        var console = new TestConsole(_gateway, files: _files);

        await WatchUntilIdle(console, "alarms", "watch", "--json");

        Assert.Equal([5L, 6], PrintedSequences(console));
        Assert.Contains("the gateway ended the stream", console.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_ReconnectWaits_DoubleFromHalfASecondAndResetAfterAMessage()
    {
        var unavailable = new RpcException(new Status(StatusCode.Unavailable, "down"));
        _gateway.Alarms.Script(
            Send([], then: unavailable),
            Send([], then: unavailable),
            Send([], then: unavailable),
            Send([1], then: unavailable));
        var console = new TestConsole(_gateway, files: _files);

        await WatchUntilIdle(console, "alarms", "watch", "--json");

        Assert.Equal(1, _gateway.Alarms.WatchRequests[^1].AfterSequence);
        Assert.Equal(
            [TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(0.5)],
            console.Delays);
    }

    [Fact]
    public async Task Watch_StateFile_CarriesTheSequenceAcrossARestart()
    {
        var stateFile = _files.NewPath("watch.seq");
        _gateway.Alarms.Script(Send([1, 2, 3]));
        var console = new TestConsole(_gateway, files: _files);

        // The first run ends its stream after 3 and reconnects once; then it is stopped (Ctrl+C).
        await WatchUntilIdle(console, "alarms", "watch", "--json", "--state-file", stateFile);

        Assert.Equal("3", File.ReadAllText(stateFile).Trim());

        await using var restarted = await FakeGateway.StartAsync();
        restarted.Alarms.Script(Expect(after: 3, send: [3, 4]));
        var second = new TestConsole(restarted, files: _files);
        await RunUntilIdleAsync(second, restarted, "alarms", "watch", "--json", "--state-file", stateFile);

        Assert.Equal([4L], PrintedSequences(second));
        Assert.Equal("4", File.ReadAllText(stateFile).Trim());
    }

    [Fact]
    public async Task Watch_DefaultStateFile_IsPerGatewayUnderXdgStateHome()
    {
        _gateway.Alarms.Script(Send([8]));
        var console = new TestConsole(_gateway, files: _files);

        await WatchUntilIdle(console, "alarms", "watch");

        var expected = Path.Combine(console.Environment["XDG_STATE_HOME"], "safecomm", $"watch-127.0.0.1-{_gateway.Address.Port}.seq");
        Assert.Equal("8", File.ReadAllText(expected).Trim());
    }

    [Fact]
    public async Task Watch_AfterOption_WinsOverTheStateFile()
    {
        var stateFile = _files.NewPath("watch.seq");
        File.WriteAllText(stateFile, "50\n");
        var console = new TestConsole(_gateway, files: _files);

        await WatchUntilIdle(console, "alarms", "watch", "--after", "0", "--state-file", stateFile);

        Assert.Equal(0, _gateway.Alarms.WatchRequests[0].AfterSequence);
        Assert.True(_gateway.Alarms.WatchRequests[0].HasAfterSequence);
    }

    [Fact]
    public async Task Watch_UnreadableStateFile_StartsLiveWithANotice()
    {
        var stateFile = _files.NewPath("watch.seq");
        File.WriteAllText(stateFile, "not a number");
        var console = new TestConsole(_gateway, files: _files);

        await WatchUntilIdle(console, "alarms", "watch", "--state-file", stateFile);

        Assert.False(_gateway.Alarms.WatchRequests[0].HasAfterSequence);
        Assert.Contains("does not hold a sequence number", console.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_UnwritableStateFile_KeepsWatchingWithOneNotice()
    {
        var blocker = await _files.WriteAsync("not-a-folder", "x");
        _gateway.Alarms.Script(Send([1, 2], then: new RpcException(new Status(StatusCode.Unavailable, "restart"))), Expect(after: 2, send: [3]));
        var console = new TestConsole(_gateway, files: _files);

        var exit = await WatchUntilIdle(console, "alarms", "watch", "--json", "--state-file", Path.Combine(blocker, "watch.seq"));

        Assert.Equal(ExitCodes.Success, exit);
        Assert.Equal([1L, 2, 3], PrintedSequences(console));
        Assert.Single(console.Errors.Split('\n'), line => line.Contains("cannot write the watch state file", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Watch_GatewaySequenceBehindOurs_WarnsOnce()
    {
        _gateway.Alarms.Script(async (_, stream, _) =>
        {
            await stream.WriteAsync(Samples.HeartbeatItem(5));
            await stream.WriteAsync(Samples.HeartbeatItem(6));
            throw new RpcException(new Status(StatusCode.Unavailable, "restart"));
        });
        var console = new TestConsole(_gateway, files: _files);

        await WatchUntilIdle(console, "alarms", "watch", "--after", "900");

        Assert.Single(console.Errors.Split('\n'), line => line.Contains("behind the 900 seen here", StringComparison.Ordinal));
        Assert.Equal(900, _gateway.Alarms.WatchRequests[^1].AfterSequence);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5080", "127.0.0.1-5080")]
    [InlineData("https://gateway.anlong.example", "gateway.anlong.example-443")]
    [InlineData("http://[::1]:5080", "--1-5080")]
    public void StateFileName_IsOnePerGateway(string gateway, string expected)
    {
        Assert.Equal(expected, SequenceStateFile.FileNamePart(new Uri(gateway)));
    }

    [Fact]
    public async Task Watch_Filters_AreSentToTheGateway()
    {
        var console = new TestConsole(_gateway, files: _files);

        await WatchUntilIdle(
            console,
            "alarms", "watch", "--community", "wufu", "--community", "tiangu,jiulong", "--device", "570425345", "--device", "0x22000002",
            "--kind", "sos", "--kind", "stolen-bike-sighted", "--min-severity", "high");

        var filter = _gateway.Alarms.WatchRequests[0].Filter;
        Assert.Equal(["wufu", "tiangu", "jiulong"], filter.CommunityIds);
        Assert.Equal([570425345u, 0x22000002u], filter.DeviceIds);
        Assert.Equal([AlarmKind.Sos, AlarmKind.StolenBikeSighted], filter.Kinds);
        Assert.Equal(AlarmSeverity.High, filter.MinimumSeverity);
    }

    [Fact]
    public async Task Watch_TableMode_PrintsTheHeaderThenOneRowPerEvent()
    {
        _gateway.Alarms.Script(Send([1, 2]));
        var console = new TestConsole(_gateway, files: _files);

        await WatchUntilIdle(console, "alarms", "watch");

        var lines = console.OutputLines;
        Assert.StartsWith("TIME", lines[0], StringComparison.Ordinal);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("2026-05-01 14:03:23        1  raised", lines[1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(StatusCode.Unauthenticated, ExitCodes.Unauthorized, "the token was refused")]
    [InlineData(StatusCode.PermissionDenied, ExitCodes.Unauthorized, "this token may not watch alarms: no access to community jiulong")]
    [InlineData(StatusCode.InvalidArgument, ExitCodes.Failed, "cannot watch alarms: no access to community jiulong")]
    public async Task Watch_Refused_StopsWithTheServersMessage(StatusCode code, int expectedExit, string expectedMessage)
    {
        _gateway.Alarms.Script(Send([], then: new RpcException(new Status(code, "no access to community jiulong"))));
        var console = new TestConsole(_gateway, files: _files);

        var exit = await console.RunAsync("alarms", "watch");

        Assert.Equal(expectedExit, exit);
        Assert.Contains(expectedMessage, console.Errors, StringComparison.Ordinal);
        Assert.Single(_gateway.Alarms.WatchRequests);
        Assert.Empty(console.Delays);
    }

    [Fact]
    public async Task Watch_WrongToken_StopsWithExitCode4AndNeverPrintsTheToken()
    {
        var console = new TestConsole(_gateway, token: "sc_wrong-secret-0001", files: _files);

        var exit = await console.RunAsync("alarms", "watch");

        Assert.Equal(ExitCodes.Unauthorized, exit);
        Assert.Contains("the token was refused", console.Errors, StringComparison.Ordinal);
        Assert.DoesNotContain("sc_wrong-secret-0001", console.Errors + console.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_GatewayDown_KeepsRetryingUntilStopped()
    {
        var console = new TestConsole(files: _files);
        console.Environment["SAFECOMM_GATEWAY"] = $"http://127.0.0.1:{ClosedPort()}";
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        console.OnDelay = count =>
        {
            if (count == 4)
            {
                stop.Cancel();
            }
        };

        var exit = await console.RunAsync(stop.Token, "alarms", "watch");

        Assert.Equal(ExitCodes.Success, exit);
        Assert.Equal(4, console.Delays.Count);
        Assert.Contains("no connection to http://127.0.0.1:", console.Errors, StringComparison.Ordinal);
        Assert.Contains("reconnecting in 0.5 s", console.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public void ResumePoint_ReadsTheTrailer()
    {
        Assert.Equal(17, AlarmWatcher.ResumePoint(new Metadata { { "resume-after-sequence", "17" } }));
        Assert.Null(AlarmWatcher.ResumePoint(new Metadata { { "resume-after-sequence", "x" } }));
        Assert.Null(AlarmWatcher.ResumePoint(new Metadata()));
        Assert.Null(AlarmWatcher.ResumePoint(null));
    }

    [Theory]
    [InlineData(0, 0.5)]
    [InlineData(1, 1.0)]
    [InlineData(2, 2.0)]
    [InlineData(3, 4.0)]
    [InlineData(4, 8.0)]
    [InlineData(5, 10.0)]
    [InlineData(50, 10.0)]
    public void Backoff_DoublesFromHalfASecondToTenSeconds(int attempt, double seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), Delay(attempt, jitter: 0.5));
        Assert.Equal(TimeSpan.FromSeconds(seconds * 0.8), Delay(attempt, jitter: 0));
        Assert.True(Delay(attempt, jitter: 0.999) <= TimeSpan.FromSeconds(Math.Min(seconds * 1.2, 10)));

        static TimeSpan Delay(int attempt, double jitter) => ExponentialBackoff.Delay(AlarmWatcher.FirstRetry, AlarmWatcher.LongestRetry, attempt, jitter);
    }

    private static RpcException FellBehind(long resumeAfter) => new(
        new Status(StatusCode.ResourceExhausted, "subscriber fell behind"),
        new Metadata { { AlarmWatcher.ResumeTrailer, resumeAfter.ToString(System.Globalization.CultureInfo.InvariantCulture) } });

    private Task<int> WatchUntilIdle(TestConsole console, params string[] args) => RunUntilIdleAsync(console, _gateway, args);

    private static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
