namespace SafeCommunity.Iot.LoadTest.Measuring;

/// <summary>Where a run sees the alarms it caused: the gateway's gRPC alarm stream, or alarm messages on an MQTT topic.</summary>
internal interface IAlarmSource : IDisposable
{
    /// <summary>Times the source was cut off and resumed.</summary>
    int Resumes { get; }

    /// <summary>
    /// Hands every alarm event to <paramref name="sink"/>, stamped the moment it arrives, until
    /// <paramref name="cancellationToken"/>; <paramref name="live"/> completes once events are being received.
    /// </summary>
    Task WatchAsync(IAlarmSink sink, TaskCompletionSource live, CancellationToken cancellationToken);
}
