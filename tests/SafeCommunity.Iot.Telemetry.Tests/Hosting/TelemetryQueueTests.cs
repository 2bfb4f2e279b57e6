using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SafeCommunity.Iot.Telemetry.Diagnostics;
using SafeCommunity.Iot.Telemetry.Hosting;
using SafeCommunity.Iot.Telemetry.Points;
using SafeCommunity.Iot.Telemetry.Tests.Support;

namespace SafeCommunity.Iot.Telemetry.Tests.Hosting;

/// <summary>
/// The telemetry queue at its bound: the pipeline's writes never wait (a full queue refuses the point, which is
/// counted and logged once, not once per point), while the alarm feed's writes wait for room and lose nothing.
/// </summary>
public sealed class TelemetryQueueTests : IDisposable
{
    private const int Capacity = 16;
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();

    [Fact]
    public async Task Flooded_RefusesWhatDoesNotFitWithoutWaiting_CountsItAndLogsOnce_WhileTheAlarmFeedWaitsForRoom()
    {
        var metrics = new TelemetryMetrics(_services.GetRequiredService<IMeterFactory>());
        var logger = new CapturingLogger();
        var queue = new TelemetryQueue(
            Options.Create(new TelemetryOptions { QueueCapacity = Capacity }), metrics, TimeProvider.System, new TypedLogger(logger));
        var start = DateTimeOffset.UtcNow;

        var taken = Enumerable.Range(0, 1_000).Count(i => queue.TryEnqueue(TelemetryItem.For(TestUplinks.PositionReport((uint)i, start))));

        Assert.Equal(Capacity, taken);
        Assert.Equal(1_000 - Capacity, metrics.QueueDropped);
        Assert.Single(logger.Lines, l => l.Level == LogLevel.Warning);

        var waiting = queue.EnqueueAsync(TelemetryItem.For(TestUplinks.PositionReport(5_000, start)), CancellationToken.None).AsTask();
        Assert.False(waiting.IsCompleted);
        Assert.True(queue.Reader.TryRead(out _));
        await waiting.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(Capacity, queue.Count);
        Assert.Equal(1_000 - Capacity, metrics.QueueDropped);
    }

    public void Dispose() => _services.Dispose();

    private sealed class TypedLogger(CapturingLogger inner) : ILogger<TelemetryQueue>
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            inner.Log(logLevel, eventId, state, exception, formatter);
    }
}
