using System.Diagnostics;

namespace SafeCommunity.Iot.LoadTest.Traffic;

/// <summary>
/// Sends at a steady rate on its own thread: every millisecond or so it sends what is due since the start, so a
/// late wake-up is caught up at once and the average rate holds. Stops after the duration or when there is nothing
/// left to send.
/// </summary>
internal static class Pacer
{
    /// <summary>
    /// Calls <paramref name="sendOne"/> <paramref name="perSecond"/> times a second for <paramref name="duration"/>;
    /// it returns false when there is nothing more to send. Returns how many were sent.
    /// </summary>
    public static Task<long> RunAsync(double perSecond, TimeSpan duration, Func<bool> sendOne, CancellationToken cancellationToken) =>
        Task.Factory.StartNew(
            () =>
            {
                var started = Stopwatch.GetTimestamp();
                var deadline = duration + TimeSpan.FromSeconds(1);
                var sent = 0L;
                var limit = (long)Math.Round(perSecond * duration.TotalSeconds);
                while (sent < limit && !cancellationToken.IsCancellationRequested)
                {
                    var elapsed = Stopwatch.GetElapsedTime(started);
                    if (elapsed >= deadline)
                    {
                        break;
                    }

                    var due = Math.Min(limit, (long)(elapsed.TotalSeconds * perSecond));
                    while (sent < due)
                    {
                        if (!sendOne())
                        {
                            return sent;
                        }

                        // A sender held back (the broker slows it down) falls behind: it must still stop on time,
                        // not hand over everything it owes.
                        if (++sent % 256 == 0 && Stopwatch.GetElapsedTime(started) >= deadline)
                        {
                            return sent;
                        }
                    }

                    Thread.Sleep(1);
                }

                return sent;
            },
            cancellationToken,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
}
