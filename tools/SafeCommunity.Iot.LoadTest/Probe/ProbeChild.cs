using System.Diagnostics;
using System.Globalization;
using SafeCommunity.Iot.Contracts.V1;
using SafeCommunity.Iot.LoadTest.Measuring;
using SafeCommunity.Iot.Simulator.Transports;

namespace SafeCommunity.Iot.LoadTest.Probe;

/// <summary>
/// The alarm probe: a process of its own that publishes the run's SOS frames (handed to it by the tool, one line
/// each) on a connection of its own and watches the alarm stream, stamping both moments itself. The tool runs it at
/// normal priority while it lowers its own (<c>--nice</c>), so the latency measured is the path's — publisher, broker,
/// gateway, alarm stream — and not the wait of a deprioritised tool for a core.
/// </summary>
internal static class ProbeChild
{
    /// <summary>The first argument that runs the tool as the probe.</summary>
    public const string Command = "probe";

    /// <summary>The environment variable that carries the gateway's token (never on the command line).</summary>
    public const string TokenVariable = "SAFECOMM_LOADTEST_TOKEN";

    /// <summary>Runs the probe: <c>probe HOST PORT (grpc URL | topic FILTER)</c>; returns the exit code.</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextReader input, TextWriter output, TextWriter errors, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(errors);
        if (args.Count != 5 || args[0] != Command || !int.TryParse(args[2], NumberStyles.None, CultureInfo.InvariantCulture, out var port) ||
            args[3] is not ("grpc" or "topic"))
        {
            await errors.WriteLineAsync("usage: probe HOST PORT (grpc URL | topic FILTER), the token in " + TokenVariable);
            return 2;
        }

        var lines = new LineSink(output);
        await using var publisher = new ChirpStackMqttTransport(args[1], port, string.Create(CultureInfo.InvariantCulture, $"safecomm-loadtest-probe-{Environment.ProcessId}"));
        using IAlarmSource source = args[3] == "topic"
            ? new MqttAlarmWatch(args[1], port, args[4])
            : new GatewayApi(new Uri(args[4]), Environment.GetEnvironmentVariable(TokenVariable) ?? string.Empty);
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var live = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var watch = source.WatchAsync(lines, live, watching.Token);
        try
        {
            publisher.Start();
            await live.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
            for (var waited = 0; !publisher.IsConnected; waited += 20)
            {
                if (waited > 15_000)
                {
                    throw new InvalidOperationException($"the probe's publisher did not connect to {publisher.Endpoint}: {publisher.LastError}");
                }

                await Task.Delay(20, cancellationToken);
            }

            lines.Write(ProbeLine.Ready);
            while (await input.ReadLineAsync(cancellationToken) is { } line && line != ProbeLine.Stop)
            {
                if (ProbeLine.TryReadSos(line, out var deviceId, out var message))
                {
                    lines.Publish(publisher, deviceId, message);
                }
            }

            await publisher.DrainAsync(TimeSpan.FromSeconds(10), cancellationToken);
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException)
        {
            await errors.WriteLineAsync("probe: " + ex.Message);
            return 1;
        }
        finally
        {
            await watching.CancelAsync();
            try
            {
                await watch;
            }
            catch (OperationCanceledException)
            {
            }
            catch (Grpc.Core.RpcException ex)
            {
                await errors.WriteLineAsync($"probe: the alarm stream failed ({ex.StatusCode} {ex.Status.Detail})");
            }
        }

        lines.Write(ProbeLine.Resumes(source.Resumes));
        return 0;
    }

    /// <summary>Writes the probe's lines; events come from the alarm stream's thread, the rest from the main one.</summary>
    private sealed class LineSink(TextWriter output) : IAlarmSink
    {
        private readonly Lock _lock = new();

        public void EventReceived(AlarmEvent alarmEvent, long receivedAt) => Write(ProbeLine.Event(alarmEvent, receivedAt));

        /// <summary>Publishes and says so in one turn, so the frame's alarm can never be written before it.</summary>
        public void Publish(ChirpStackMqttTransport publisher, uint deviceId, ChirpStackMessage message)
        {
            lock (_lock)
            {
                var sentAt = Stopwatch.GetTimestamp();
                if (publisher.Enqueue(message))
                {
                    output.WriteLine(ProbeLine.Sent(deviceId, sentAt));
                    output.Flush();
                }
            }
        }

        public void Write(string line)
        {
            lock (_lock)
            {
                output.WriteLine(line);
                output.Flush();
            }
        }
    }
}
