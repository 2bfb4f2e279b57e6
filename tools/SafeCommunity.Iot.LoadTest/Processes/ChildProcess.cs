using System.Diagnostics;

namespace SafeCommunity.Iot.LoadTest.Processes;

/// <summary>
/// A process the tool started, its output appended to a log file; stopped with SIGTERM (a clean shutdown) and
/// killed only when it does not stop in time. Disposing stops it, so nothing the tool started outlives it.
/// </summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly object _logLock = new();

    private ChildProcess(Process process, StreamWriter log, long startedAt)
    {
        _process = process;
        _log = log;
        StartedAt = startedAt;
    }

    /// <summary>The process id.</summary>
    public int Id => _process.Id;

    /// <summary>When it was started (<see cref="Stopwatch.GetTimestamp"/>).</summary>
    public long StartedAt { get; }

    /// <summary>Whether it has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Starts <paramref name="executable"/> with <paramref name="arguments"/> in <paramref name="workingDirectory"/>, output to <paramref name="logFile"/>.</summary>
    /// <exception cref="InvalidOperationException">It could not be started.</exception>
    public static ChildProcess Start(string executable, IEnumerable<string> arguments, string workingDirectory, string logFile)
    {
        var info = new ProcessStartInfo(executable, arguments)
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var log = new StreamWriter(logFile, append: true) { AutoFlush = true };
        var startedAt = Stopwatch.GetTimestamp();
        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException($"{executable} did not start");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            log.Dispose();
            throw new InvalidOperationException($"cannot start {executable}: {ex.Message}", ex);
        }

        var child = new ChildProcess(process, log, startedAt);
        process.OutputDataReceived += (_, e) => child.Append(e.Data);
        process.ErrorDataReceived += (_, e) => child.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Asks it to stop (SIGTERM) and waits up to <paramref name="grace"/>; kills it after that. True when it stopped by itself.</summary>
    public async Task<bool> StopAsync(TimeSpan grace)
    {
        if (_process.HasExited)
        {
            return true;
        }

        using (var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false }))
        {
            if (kill is not null)
            {
                await kill.WaitForExitAsync();
            }
        }

        using var timeout = new CancellationTokenSource(grace);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
            return false;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(15));
        _process.Dispose();
        lock (_logLock)
        {
            _log.Dispose();
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_logLock)
        {
            if (_log.BaseStream.CanWrite)
            {
                _log.WriteLine(line);
            }
        }
    }
}
