using System.Diagnostics;
using System.Globalization;
using Grpc.Core;
using SafeCommunity.Iot.LoadTest.Cli;
using SafeCommunity.Iot.LoadTest.Fleet;
using SafeCommunity.Iot.LoadTest.Measuring;
using SafeCommunity.Iot.LoadTest.Probe;
using SafeCommunity.Iot.LoadTest.Reporting;
using SafeCommunity.Iot.LoadTest.Traffic;
using SafeCommunity.Iot.Simulator.Engine;

namespace SafeCommunity.Iot.LoadTest.Running;

/// <summary>What the sending part of a run measured, for the report.</summary>
/// <param name="Throughput">Frames sent, accepted and lost.</param>
/// <param name="Intervals">The run in intervals.</param>
/// <param name="Cpu">Gateway CPU while sending.</param>
/// <param name="Alarms">Alarm frames and their alarms.</param>
/// <param name="StartRssBytes">Gateway memory before sending.</param>
/// <param name="EndRssBytes">Gateway memory after the run.</param>
/// <param name="MaxRssBytes">Largest gateway memory sample.</param>
/// <param name="GcHeapStartBytes">Managed heap before sending.</param>
/// <param name="GcHeapEndBytes">Managed heap after the run.</param>
/// <param name="Notes">Things to know about the numbers.</param>
internal sealed record RunOutcome(
    ThroughputFigures Throughput, IReadOnlyList<IntervalFigures> Intervals, CpuFigures Cpu, AlarmResult Alarms,
    long? StartRssBytes, long? EndRssBytes, long? MaxRssBytes, double? GcHeapStartBytes, double? GcHeapEndBytes, IReadOnlyList<string> Notes);

/// <summary>
/// Drives a gateway that is up: watches its alarm stream, publishes the planned uplinks and writes link records at
/// the target rates, samples it every second, waits for it to finish what it was given and for the alarms, and
/// works out the figures.
/// </summary>
internal sealed class LoadRun
{
    private static readonly TimeSpan AlarmGrace = TimeSpan.FromSeconds(10);
    private readonly LoadTestOptions _options;
    private readonly Progress _progress;

    public LoadRun(LoadTestOptions options, Progress progress)
    {
        _options = options;
        _progress = progress;
    }

    /// <summary>Runs the load against <paramref name="target"/> with the devices of <paramref name="fleet"/>.</summary>
    public async Task<RunOutcome> RunAsync(TargetGateway target, LoadFleet fleet, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(fleet);
        var notes = new List<string>();
        var firstCounter = SimulationSettings.CounterBaseFromClock(DateTimeOffset.UtcNow);
        var planned = _options.Rate > 0 ? (long)Math.Round(_options.Rate * _options.Duration.TotalSeconds) : 0;
        if (planned > 0 && fleet.LoRaWanDevices.Count == 0)
        {
            throw new InvalidOperationException("no LoRaWAN device to send MQTT uplinks: enrol more devices (--devices)");
        }

        var startRss = target.ProcessId is { } pid ? await GatewayStartUp.SettledRssAsync(pid, cancellationToken) : null;

        var building = Stopwatch.StartNew();
        await using var plan = new UplinkPlan(planned > 0 ? fleet.LoRaWanDevices : fleet.Devices, planned, _options.AlarmShare, _options.PrebuildLimit, firstCounter);
        await plan.PrebuildAsync(cancellationToken);
        _progress.Say(string.Create(CultureInfo.InvariantCulture, $"built {plan.Built:N0} of {planned:N0} uplinks ahead in {building.Elapsed.TotalSeconds:F1} s"));

        var matcher = new AlarmMatcher();

        // A lowered tool would also delay its own SOS publisher and alarm watcher: with --nice they run in a probe
        // process of their own, started now at the tool's normal priority.
        await using var probe = _options.Nice > 0 ? await AlarmProbe.StartAsync(target, matcher, cancellationToken) : null;
        await using var mqtt = new MqttLoad(target.MqttHost, target.MqttPort, _options.MqttConnections, _options.Rate, plan, matcher, probe);
        await mqtt.ConnectAsync(cancellationToken);
        await using var serial = new SerialLoad(fleet, target.SerialPaths, firstCounter);
        serial.Start();

        using var api = probe is null ? target.AlarmSource() : null;
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var live = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var watch = api?.WatchAsync(matcher, live, watching.Token) ?? Task.CompletedTask;
        if (api is not null)
        {
            await live.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        }

        long Sent() => mqtt.Published + serial.Handed - serial.Dropped;
        using var sampler = new RunSampler(
            [target.HttpUrl, .. target.PeerHttpUrls], target.ProcessId is { } first ? [first, .. target.PeerProcessIds] : target.PeerProcessIds, Sent);
        var before = await sampler.ScrapeAsync(cancellationToken)
            ?? throw new InvalidOperationException($"the gateway's metrics do not answer at {target.HttpUrl}metrics");
        using var sampling = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        sampler.StartClock();
        var samplerTask = sampler.RunAsync(TimeSpan.FromSeconds(1), sampling.Token);

        if (_options.Nice > 0)
        {
            var unchanged = ToolPriority.Lower(_options.Nice);
            notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"the tool ran at nice {_options.Nice} from sending on, the gateway and the broker at their own priority{(unchanged > 0 ? $" ({unchanged} of the tool's threads could not be lowered)" : string.Empty)}"));
        }

        _progress.Say(string.Create(CultureInfo.InvariantCulture,
            $"sending {_options.Rate:N0} uplinks/s over MQTT and {_options.SerialRate:N0} link records/s on each of {target.SerialPaths.Count} serial ports for {_options.Duration.TotalSeconds:N0} s..."));
        var sending = Stopwatch.StartNew();
        var toolCpuBefore = ProcFs.Read(Environment.ProcessId)?.CpuSeconds;
        var brokerCpuBefore = target.BrokerProcessId is { } brokerPid ? ProcFs.Read(brokerPid)?.CpuSeconds : null;
        using var locates = _options.LocateRate > 0
            ? new LocatePolls(target.GrpcUrl ?? throw new InvalidOperationException("--locate-rate needs the gateway's gRPC API"),
                target.Token ?? throw new InvalidOperationException("--locate-rate needs an administrator token"),
                [.. fleet.Devices.Select(d => d.Seed.Id)])
            : null;
        var locating = locates?.RunAsync(_options.LocateRate, _options.Duration, cancellationToken) ?? Task.CompletedTask;
        var mqttTask = planned > 0 ? mqtt.RunAsync(_options.Rate, _options.Duration, cancellationToken) : Task.FromResult(0L);
        var serialTask = target.SerialPaths.Count > 0 && _options.SerialRate > 0
            ? serial.RunAsync(_options.SerialRate, _options.Duration, cancellationToken)
            : Task.FromResult(0L);
        await Task.WhenAll(mqttTask, serialTask);
        var sendSeconds = sending.Elapsed.TotalSeconds;
        var toolCpu = PercentOfCore(toolCpuBefore, ProcFs.Read(Environment.ProcessId)?.CpuSeconds, sendSeconds);
        var brokerCpu = target.BrokerProcessId is { } brokerId ? PercentOfCore(brokerCpuBefore, ProcFs.Read(brokerId)?.CpuSeconds, sendSeconds) : null;
        _progress.Say(string.Create(CultureInfo.InvariantCulture,
            $"handed {mqtt.Handed + serial.Handed:N0} frames over in {sendSeconds:F1} s ({Sent():N0} sent so far); waiting for the publishers and the gateway to finish them..."));
        var publishersDrained = mqtt.DrainAsync(_options.DrainTimeout, cancellationToken);
        var serialDrained = serial.DrainAsync(_options.DrainTimeout, cancellationToken);
        var sendersDoneSeconds = sendSeconds;
        var sendersDone = Task.WhenAll(publishersDrained, serialDrained).ContinueWith(
            _ => sendersDoneSeconds = Math.Max(sendSeconds, sending.Elapsed.TotalSeconds), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        var (after, drainSeconds) = await WaitForGatewayAsync(sampler, before, Sent, () => sendersDone.IsCompleted, sendSeconds, cancellationToken);
        if (!publishersDrained.IsCompleted || !await publishersDrained)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"the MQTT publishers still held messages {_options.DrainTimeout.TotalSeconds:F0} s after sending ended: they never reached the broker"));
        }

        var sent = Sent();
        await locating;
        if (locates is not null)
        {
            notes.Add(locates.Describe(_options.LocateRate));
        }

        await WaitForAlarmsAsync(matcher, cancellationToken);
        if (probe is not null)
        {
            await probe.StopAsync(cancellationToken);
        }
        var end = await sampler.SampleAsync(cancellationToken);
        await sampling.CancelAsync();
        await samplerTask;
        await watching.CancelAsync();
        try
        {
            await watch;
        }
        catch (OperationCanceledException)
        {
        }
        catch (RpcException ex)
        {
            notes.Add($"the alarm stream failed during the run ({ex.StatusCode} {ex.Status.Detail}): alarms after that are missing");
        }

        var samples = sampler.Samples;
        var intervals = RunFigures.Intervals(samples, _options.Interval);
        var accepted = after.Accepted - before.Accepted;
        var sendingIntervals = intervals.Where(i => i.ToSeconds <= sendSeconds + 0.5 && i.ToSeconds - i.FromSeconds >= _options.Interval.TotalSeconds - 0.5).ToList();
        if (plan.BuiltWhileRunning > 0)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"{plan.BuiltWhileRunning:N0} uplinks were built during the run (more than --prebuild-limit): the tool used CPU for them; the pace waited for the builder {mqtt.Starved:N0} times"));
        }

        notes.Add(string.Create(CultureInfo.InvariantCulture,
            $"the tool's MQTT publishers had at most {mqtt.MaxWaiting:N0} routine frames waiting (sampled); SOS frames have a connection of their own{(probe is null ? string.Empty : ", in a probe process at normal priority that also watches the alarms")}"));
        var resumes = api?.Resumes ?? probe?.Resumes ?? 0;
        if (resumes > 0)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"the alarm stream was cut off and resumed {resumes} times"));
        }

        if (sampler.FailedScrapes > 0)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"{sampler.FailedScrapes} metric scrapes did not answer within 5 s"));
        }

        if (mqtt.LastError is { } error)
        {
            notes.Add("last MQTT publishing error: " + error);
        }

        var throughput = new ThroughputFigures
        {
            MqttPlanned = planned,
            MqttHanded = mqtt.Handed,
            MqttPublished = mqtt.Published,
            MqttPublishFailures = mqtt.Failed + Math.Max(0, mqtt.Handed - mqtt.Published - mqtt.Failed),
            MqttNoSubscribers = mqtt.NoSubscribers,
            MqttHeldBackSeconds = mqtt.HeldBack.TotalSeconds,
            BrokerHeld = after.BrokerHeld - before.BrokerHeld,
            BrokerHeldSeconds = after.BrokerHeldSeconds - before.BrokerHeldSeconds,
            BrokerDropped = after.BrokerDropped - before.BrokerDropped,
            SerialSent = serial.Handed - serial.Dropped,
            SerialDropped = serial.Dropped,
            GatewayReceived = RunFigures.Delta(before.Received, after.Received),
            Accepted = accepted,
            Rejected = RunFigures.Delta(before.Outcomes, after.Outcomes).Where(p => p.Key != "accepted" && p.Value != 0).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal),
            NotAccepted = sent - accepted,
            SendSeconds = sendSeconds,
            DrainSeconds = drainSeconds,
            SentPerSecond = sent / (sendersDone.IsCompleted ? sendersDoneSeconds : sending.Elapsed.TotalSeconds),
            AcceptedPerSecondOverall = accepted / (sendSeconds + drainSeconds),
            AcceptedPerSecondWorstInterval = sendingIntervals.Count == 0 ? null : sendingIntervals.Min(i => i.AcceptedPerSecond),
            MaxQueues = RunFigures.MaxQueues(samples),
            TelemetrySpooled = after.TelemetrySpooled - before.TelemetrySpooled,
            TelemetryDropped = after.TelemetryDropped - before.TelemetryDropped,
        };
        return new RunOutcome(
            throughput,
            intervals,
            RunFigures.Cpu(samples, sendSeconds, Environment.ProcessorCount, intervals) with
            {
                LoadToolPercentOfCore = toolCpu,
                BrokerPercentOfCore = brokerCpu,
                GcPauseSeconds = after.GcPauseSeconds - before.GcPauseSeconds,
                Gen2Collections = after.Gen2Collections - before.Gen2Collections,
            },
            AlarmsWithGatewayHistogram(matcher.Result(), before, end.Counters ?? after),
            startRss,
            end.RssBytes,
            samples.Where(s => s.RssBytes is not null).Select(s => s.RssBytes).DefaultIfEmpty().Max(),
            before.GcHeapBytes,
            (end.Counters ?? after).GcHeapBytes,
            notes);
    }

    private static AlarmResult AlarmsWithGatewayHistogram(AlarmResult alarms, GatewayCounters before, GatewayCounters after)
    {
        var (counted, within50, p99) = RunFigures.GatewayAlarmLatency(before.AlarmLatencyBuckets, after.AlarmLatencyBuckets);
        return alarms with { GatewayCounted = counted, GatewayWithin50Ms = within50, GatewayP99AtMostMs = p99 };
    }

    private static double? PercentOfCore(double? before, double? after, double seconds) =>
        before is { } b && after is { } a && seconds > 0 ? (a - b) / seconds * 100 : null;

    /// <summary>
    /// Waits until the tool's publishers are done and the gateway has processed as many frames as were sent, or its
    /// count stood still for 10 s with its queues empty, or the drain timeout; returns the last scrape and the
    /// seconds since sending ended.
    /// </summary>
    private async Task<(GatewayCounters After, double DrainSeconds)> WaitForGatewayAsync(
        RunSampler sampler, GatewayCounters before, Func<long> sent, Func<bool> sendersDone, double sendSeconds, CancellationToken cancellationToken)
    {
        var waiting = Stopwatch.StartNew();
        var last = before;
        var lastProgress = Stopwatch.StartNew();
        var lastProcessed = -1.0;
        while (waiting.Elapsed < _options.DrainTimeout)
        {
            if (await sampler.ScrapeAsync(cancellationToken) is { } now)
            {
                last = now;
                var processed = now.Accepted + now.Rejected - before.Accepted - before.Rejected;
                if (sendersDone() && processed >= sent() && now.PipelineQueued == 0)
                {
                    return (now, waiting.Elapsed.TotalSeconds);
                }

                if (processed != lastProcessed)
                {
                    lastProcessed = processed;
                    lastProgress.Restart();
                }
                else if (sendersDone() && lastProgress.Elapsed > TimeSpan.FromSeconds(10) && now.PipelineQueued == 0)
                {
                    return (now, waiting.Elapsed.TotalSeconds - lastProgress.Elapsed.TotalSeconds);
                }
            }

            await Task.Delay(100, cancellationToken);
        }

        _progress.Say(string.Create(CultureInfo.InvariantCulture, $"the gateway had not finished {_options.DrainTimeout.TotalSeconds:F0} s after sending ended ({sendSeconds:F0} s of sending)"));
        return (last, waiting.Elapsed.TotalSeconds);
    }

    private static async Task WaitForAlarmsAsync(AlarmMatcher matcher, CancellationToken cancellationToken)
    {
        var waiting = Stopwatch.StartNew();
        while (matcher.Matched < matcher.Sent && waiting.Elapsed < AlarmGrace)
        {
            await Task.Delay(50, cancellationToken);
        }
    }
}
