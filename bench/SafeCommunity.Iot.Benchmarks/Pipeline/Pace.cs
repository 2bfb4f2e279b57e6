using System.Diagnostics;

namespace SafeCommunity.Iot.Benchmarks.Pipeline;

/// <summary>Evenly spaced turns at a rate per second, measured from the first turn; a sender that falls behind catches up without sleeping.</summary>
internal sealed class Pace(double perSecond)
{
    private readonly long _start = Stopwatch.GetTimestamp();

    /// <summary>Waits until turn <paramref name="turn"/> (0-based) is due.</summary>
    public async ValueTask WaitForTurnAsync(long turn)
    {
        var due = _start + (long)(turn / perSecond * Stopwatch.Frequency);
        var early = due - Stopwatch.GetTimestamp();

        // Timers tick every millisecond at best: sleep only when a whole one is to spare.
        if (early > Stopwatch.Frequency / 1000)
        {
            await Task.Delay(TimeSpan.FromTicks(early * TimeSpan.TicksPerSecond / Stopwatch.Frequency)).ConfigureAwait(false);
        }
    }
}
