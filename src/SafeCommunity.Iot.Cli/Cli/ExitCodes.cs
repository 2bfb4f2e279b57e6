namespace SafeCommunity.Iot.Cli.Cli;

/// <summary>The process exit codes of <c>safecomm</c> (the README lists them for scripts).</summary>
internal static class ExitCodes
{
    /// <summary>Done (and <c>alarms watch</c> stopped with Ctrl+C).</summary>
    public const int Success = 0;

    /// <summary>The gateway refused or failed the request (not found, invalid argument, already exists, ...),
    /// an import had errors, or a device did not confirm a command.</summary>
    public const int Failed = 1;

    /// <summary>The command line is wrong: unknown command or option, a bad value, a file that cannot be read.</summary>
    public const int Usage = 2;

    /// <summary>The gateway could not be reached (connection refused, TLS failure, no answer in time).</summary>
    public const int Unreachable = 3;

    /// <summary>No token was given, the token was refused, or it may not do what was asked.</summary>
    public const int Unauthorized = 4;

    /// <summary>Interrupted with Ctrl+C (every command but <c>alarms watch</c>, for which Ctrl+C is the normal end).</summary>
    public const int Interrupted = 130;
}
