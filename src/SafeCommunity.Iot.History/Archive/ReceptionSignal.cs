namespace SafeCommunity.Iot.History.Archive;

/// <summary>How strongly one receiver heard one frame of a device (an InfluxDB <c>reception</c> point).</summary>
/// <param name="ReceiverId">The receiver.</param>
/// <param name="At">When it heard the frame (the point's time, to the nanosecond).</param>
/// <param name="RssiDbm">Signal strength, when the receiver reported it.</param>
/// <param name="SnrDb">Signal-to-noise ratio, when the receiver reported it.</param>
public sealed record ReceptionSignal(string ReceiverId, DateTimeOffset At, double? RssiDbm, double? SnrDb);
