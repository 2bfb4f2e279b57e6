using Grpc.Core;

namespace SafeCommunity.Iot.Cli.Tests.Support;

/// <summary>What a fake gateway's Watch calls send, and how a test runs <c>alarms watch</c> against them and reads what it printed.</summary>
public static class WatchScripts
{
    /// <summary>Sends events with these sequences, then ends the stream (OK, or with <paramref name="then"/>).</summary>
    public static WatchScript Send(long[] sequences, RpcException? then = null) => async (_, stream, _) =>
    {
        foreach (var sequence in sequences)
        {
            await stream.WriteAsync(Samples.EventItem(sequence));
        }

        if (then is not null)
        {
            throw then;
        }
    };

    /// <summary>Checks the request resumes after <paramref name="after"/>, then sends like <see cref="Send"/>.</summary>
    public static WatchScript Expect(long after, long[] send, RpcException? then = null) => async (request, stream, context) =>
    {
        if (!request.HasAfterSequence || request.AfterSequence != after)
        {
            throw new RpcException(new Status(
                StatusCode.FailedPrecondition,
                $"fake expected after_sequence {after}, got {(request.HasAfterSequence ? request.AfterSequence : "none")}"));
        }

        await Send(send, then)(request, stream, context);
    };

    /// <summary>Runs the watch until <paramref name="gateway"/> has no script left and the CLI waits on a quiet stream, then stops it as Ctrl+C would.</summary>
    public static async Task<int> RunUntilIdleAsync(TestConsole console, FakeGateway gateway, params string[] args)
    {
        using var stop = new CancellationTokenSource();
        var run = console.RunAsync(stop.Token, args);
        var finished = await Task.WhenAny(run, gateway.Alarms.Idle.WaitAsync(TimeSpan.FromSeconds(15)));
        if (finished == run)
        {
            Assert.Fail($"the watch ended by itself with exit code {await run}: {console.Errors}");
        }

        await stop.CancelAsync();
        return await run.WaitAsync(TimeSpan.FromSeconds(15));
    }

    /// <summary>The sequences of the events printed as JSON lines, in order.</summary>
    public static long[] PrintedSequences(TestConsole console) =>
        [.. console.OutputLines.Select(line => long.Parse(
            System.Text.Json.JsonDocument.Parse(line).RootElement.GetProperty("sequence").GetString()!,
            System.Globalization.CultureInfo.InvariantCulture))];
}
