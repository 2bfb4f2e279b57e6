namespace SafeCommunity.Iot.LoadTest.Measuring;

/// <summary>One look at the gateway and the tool during a run.</summary>
/// <param name="AtSeconds">Seconds since sending started.</param>
/// <param name="CpuSeconds">The gateway's CPU time so far (user + system), when its process is known.</param>
/// <param name="RssBytes">The gateway's resident memory, when its process is known.</param>
/// <param name="Counters">Its metrics, when the scrape answered.</param>
/// <param name="FramesSent">Frames the broker acknowledged and the tool wrote to the serial ports so far.</param>
internal sealed record RunSample(double AtSeconds, double? CpuSeconds, long? RssBytes, GatewayCounters? Counters, long FramesSent);
