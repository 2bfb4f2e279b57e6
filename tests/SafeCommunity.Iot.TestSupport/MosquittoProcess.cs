using System.Diagnostics;
using System.Globalization;

namespace SafeCommunity.Iot.TestSupport;

/// <summary>
/// A real Mosquitto 2 broker: own temporary folder and configuration, a free loopback port, <c>persistence true</c>
/// (it keeps sessions and their queued QoS 1 messages, and writes them to its folder when it stops). It can be
/// stopped and started again on the same port and folder, as an operator restarts a broker.
/// </summary>
public sealed class MosquittoProcess : IDisposable
{
    private static readonly string[] Candidates = ["/usr/sbin/mosquitto", "/usr/local/sbin/mosquitto", "/usr/bin/mosquitto", "/usr/local/bin/mosquitto"];

    private readonly string _configuration;
    private readonly string _log;
    private Process? _process;

    /// <summary>Writes the configuration; <paramref name="listenerOptions"/> go right after the listener line (e.g. TLS files).</summary>
    /// <param name="directory">The broker's own folder (configuration, persistence, log); created when missing, deleted on dispose.</param>
    /// <param name="listenerOptions">More settings for the listener.</param>
    public MosquittoProcess(string directory, string listenerOptions = "")
    {
        Directory = directory;
        System.IO.Directory.CreateDirectory(directory);
        Port = FreePort.Next();
        _configuration = Path.Combine(directory, "mosquitto.conf");
        _log = Path.Combine(directory, "mosquitto.log");

        // Run as root, Mosquitto would switch to the 'mosquitto' user, which cannot write our folder: stay who we are.
        File.WriteAllText(_configuration, string.Create(CultureInfo.InvariantCulture, $"""
            listener {Port} 127.0.0.1
            allow_anonymous true
            persistence true
            persistence_location {directory}/
            max_queued_messages 100000
            user {Environment.UserName}
            log_dest file {_log}
            log_type all
            {listenerOptions}
            """));
    }

    /// <summary>The loopback port it listens on (the same after a restart).</summary>
    public int Port { get; }

    /// <summary>The broker's folder.</summary>
    public string Directory { get; }

    /// <summary>Starts the broker and waits until it accepts TCP connections.</summary>
    public async Task StartAsync()
    {
        var executable = Candidates.FirstOrDefault(File.Exists) ?? FindOnPath("mosquitto")
            ?? throw new InvalidOperationException(
                "These tests need a real Mosquitto broker, and 'mosquitto' is not installed. " +
                "The project's test command (bash .ci/test) installs it; by hand: apt-get install mosquitto.");
        var process = Process.Start(new ProcessStartInfo(executable, ["-c", _configuration])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException($"Could not start {executable}.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        if (!await FreePort.WaitUntilListeningAsync(Port, TimeSpan.FromSeconds(15), () => process.HasExited))
        {
            var detail = File.Exists(_log) ? await File.ReadAllTextAsync(_log) : "(no log)";
            throw new InvalidOperationException($"Mosquitto did not start listening on 127.0.0.1:{Port}. Its log:\n{detail}");
        }
    }

    /// <summary>
    /// Stops the broker as a service manager does (SIGTERM): it closes every connection and saves its sessions and
    /// queued messages to its folder before it exits.
    /// </summary>
    public async Task StopAsync()
    {
        if (_process is not { } process)
        {
            return;
        }

        _process = null;
        try
        {
            if (!process.HasExited)
            {
                using (var term = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
                {
                    await term.WaitForExitAsync();
                }

                await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(15));
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        finally
        {
            process.Dispose();
        }
    }

    /// <summary>Kills the broker if it runs and deletes its folder.</summary>
    public void Dispose()
    {
        if (_process is { } process)
        {
            _process = null;
            try
            {
                if (!process.HasExited)
                {
                    process.Kill();
                    process.WaitForExit(10_000);
                }
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }

            process.Dispose();
        }

        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, name))
            .FirstOrDefault(File.Exists);
}
