using SafeCommunity.Iot.Contracts.V1;

namespace SafeCommunity.Iot.LoadTest.Measuring;

/// <summary>Takes the alarm events an <see cref="IAlarmSource"/> receives, each stamped the moment it arrived.</summary>
internal interface IAlarmSink
{
    /// <summary>An event received at <paramref name="receivedAt"/> (a <see cref="System.Diagnostics.Stopwatch"/> timestamp).</summary>
    void EventReceived(AlarmEvent alarmEvent, long receivedAt);
}
