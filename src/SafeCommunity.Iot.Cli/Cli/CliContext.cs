namespace SafeCommunity.Iot.Cli.Cli;

/// <summary>
/// Everything a command touches outside its arguments: the output and error writers, the environment, the clock
/// and local time zone, and how to wait. <c>Program.cs</c> passes the real ones; tests pass their own.
/// </summary>
internal sealed class CliContext
{
    public CliContext(TextWriter output, TextWriter error)
    {
        Out = output;
        Error = error;
    }

    /// <summary>Results: tables, JSON lines, secrets.</summary>
    public TextWriter Out { get; }

    /// <summary>Errors, notices and warnings (one line each).</summary>
    public TextWriter Error { get; }

    /// <summary>Reads an environment variable (SAFECOMM_GATEWAY, SAFECOMM_TOKEN, XDG_STATE_HOME, HOME, ...).</summary>
    public Func<string, string?> GetEnvironmentVariable { get; init; } = Environment.GetEnvironmentVariable;

    /// <summary>The clock and the local time zone in which times are shown and read.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Waits between reconnection attempts of <c>alarms watch</c>.</summary>
    public Func<TimeSpan, CancellationToken, Task> Delay { get; init; } = Task.Delay;

    /// <summary>A number in [0, 1) for the reconnection jitter.</summary>
    public Func<double> NextJitter { get; init; } = Random.Shared.NextDouble;

    /// <summary>The user's home directory (for the default watch state file).</summary>
    public string HomeDirectory { get; init; } = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);

    /// <summary>How long a unary call may take before the gateway counts as not answering.</summary>
    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
