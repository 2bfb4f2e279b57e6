using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Logging;

namespace SafeCommunity.Iot.TestSupport;

/// <summary>One log record as a logging provider receives it.</summary>
/// <param name="Level">Its level.</param>
/// <param name="Category">The logger's category.</param>
/// <param name="EventId">Its event id.</param>
/// <param name="Message">The rendered message.</param>
/// <param name="Arguments">Every structured argument (the message template included), rendered as text.</param>
/// <param name="Exception">The exception's text, if any.</param>
public sealed record CapturedLog(LogLevel Level, string Category, EventId EventId, string Message, IReadOnlyList<KeyValuePair<string, string>> Arguments, string? Exception)
{
    /// <summary>Everything a log sink could write: the message, each argument and the exception.</summary>
    public IEnumerable<string> Texts => [Message, .. Arguments.Select(a => a.Value), .. Exception is null ? Array.Empty<string>() : [Exception]];
}

/// <summary>Keeps every log record at or above a level, with its structured arguments, for assertions.</summary>
public sealed class CapturingLoggerProvider(LogLevel minimum = LogLevel.Debug) : ILoggerProvider
{
    private readonly ConcurrentQueue<CapturedLog> _records = new();
    private readonly LogLevel _minimum = minimum;

    /// <summary>Every record so far, in the order they were logged.</summary>
    public IReadOnlyCollection<CapturedLog> Records => _records;

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => new CapturingLogger(this, categoryName);

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private sealed class CapturingLogger(CapturingLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= provider._minimum && logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var arguments = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? [.. pairs.Select(p => new KeyValuePair<string, string>(p.Key, Convert.ToString(p.Value, CultureInfo.InvariantCulture) ?? ""))]
                : Array.Empty<KeyValuePair<string, string>>();
            provider._records.Enqueue(new CapturedLog(logLevel, category, eventId, formatter(state, exception), arguments, exception?.ToString()));
        }
    }

}
