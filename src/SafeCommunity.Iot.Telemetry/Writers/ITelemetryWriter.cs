namespace SafeCommunity.Iot.Telemetry.Writers;

/// <summary>What became of one write request.</summary>
public enum WriteStatus
{
    /// <summary>The server stored the points (HTTP 204).</summary>
    Written,

    /// <summary>The server refused some of the points themselves (HTTP 400: a field type conflict, a bad line): sending them again would fail again.</summary>
    Rejected,

    /// <summary>The request was too large (HTTP 413): smaller batches will do.</summary>
    TooLarge,

    /// <summary>The server refuses the gateway (HTTP 401, 403, 404: a bad token or password, a missing bucket or database): a setting is wrong; retried.</summary>
    Refused,

    /// <summary>The server is away, busy or failing (network errors, timeouts, HTTP 429 and 5xx): retried.</summary>
    Failed,
}

/// <summary>The outcome of a write request.</summary>
/// <param name="Status">What became of it.</param>
/// <param name="HttpStatus">The HTTP status code, 0 when there was no answer.</param>
/// <param name="Reason">The server's error message or the failure, for logs and the dead-letter file.</param>
/// <param name="RetryAfter">How long the server asked to wait (HTTP Retry-After), when it said.</param>
public readonly record struct WriteOutcome(WriteStatus Status, int HttpStatus, string? Reason, TimeSpan? RetryAfter = null)
{
    /// <summary>The points were stored.</summary>
    public static WriteOutcome Written { get; } = new(WriteStatus.Written, 204, null);

    /// <summary>The outcome of an HTTP error status with <paramref name="reason"/>.</summary>
    public static WriteOutcome FromStatus(int status, string? reason, TimeSpan? retryAfter = null) => status switch
    {
        >= 200 and < 300 => Written,
        400 => new(WriteStatus.Rejected, status, reason),
        413 => new(WriteStatus.TooLarge, status, reason),
        401 or 403 or 404 => new(WriteStatus.Refused, status, reason),
        _ => new(WriteStatus.Failed, status, reason, retryAfter),
    };

    /// <summary>A request that got no answer.</summary>
    public static WriteOutcome NoAnswer(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return new(WriteStatus.Failed, 0, $"{exception.GetType().Name}: {exception.Message}");
    }
}

/// <summary>Writes line protocol (nanosecond timestamps) to an InfluxDB server; one request per call, never retried inside.</summary>
public interface ITelemetryWriter : IDisposable
{
    /// <summary>Where it writes, for logs (no credentials).</summary>
    string Target { get; }

    /// <summary>The API it speaks, for logs.</summary>
    string Api { get; }

    /// <summary>Writes <paramref name="lines"/> (each ending in <c>\n</c>) in one request.</summary>
    Task<WriteOutcome> WriteAsync(ReadOnlyMemory<byte> lines, CancellationToken cancellationToken);
}
