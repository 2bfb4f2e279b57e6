using SafeCommunity.Iot.Telemetry.Spool;

namespace SafeCommunity.Iot.Telemetry.Hosting;

/// <summary>
/// The spool and its companion files once the spool writer has opened them (off the start-up path: opening scans
/// every segment). The sender, the alarm feed and the health check wait for or look at it.
/// </summary>
public sealed class SpoolHost
{
    private const string AlarmCursorFileName = "alarm-cursor";

    private readonly TaskCompletionSource<TelemetrySpool> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Creates the host for the spool in <paramref name="directory"/>.</summary>
    public SpoolHost(string directory) => Directory = directory;

    /// <summary>The spool's folder.</summary>
    public string Directory { get; }

    /// <summary>Completes with the opened spool (or its failure).</summary>
    public Task<TelemetrySpool> Ready => _ready.Task;

    /// <summary>The spool, or null while it is being opened.</summary>
    public TelemetrySpool? Spool => _ready.Task.IsCompletedSuccessfully ? _ready.Task.Result : null;

    /// <summary>The path of the file that keeps the last alarm sequence number spooled.</summary>
    public string AlarmCursorPath => Path.Combine(Directory, AlarmCursorFileName);

    internal void Opened(TelemetrySpool spool) => _ready.TrySetResult(spool);

    internal void Failed(Exception exception) => _ready.TrySetException(exception);
}
