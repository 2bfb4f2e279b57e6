using System.Diagnostics;
using System.Globalization;
using SafeCommunity.Iot.TestSupport;

namespace SafeCommunity.Iot.Receivers.LoRaWan.Tests.Support;

/// <summary>
/// A real Mosquitto 2 broker for one test class: own temporary folder and configuration, a free loopback port,
/// <c>persistence true</c>; ready once TCP connects; killed and cleaned up afterwards. Mosquitto keeps sessions and
/// their queued QoS 1 messages, which is what the persistent-session tests need.
/// </summary>
public class MosquittoFixture : IBrokerFixture, IAsyncLifetime
{
    private static readonly string[] Candidates = ["/usr/sbin/mosquitto", "/usr/local/sbin/mosquitto", "/usr/bin/mosquitto", "/usr/local/bin/mosquitto"];

    private Process? _process;

    public int Port { get; private set; }

    public virtual string Name => "mosquitto";

    /// <summary>The broker's own folder (configuration, persistence, log).</summary>
    protected string Directory { get; } = Path.Combine(Path.GetTempPath(), $"safecomm-mosquitto-{Guid.NewGuid():N}");

    public async Task InitializeAsync()
    {
        var executable = Candidates.FirstOrDefault(File.Exists) ?? FindOnPath("mosquitto")
            ?? throw new InvalidOperationException(
                "The LoRaWAN integration tests need a real Mosquitto broker, and 'mosquitto' is not installed. " +
                "The project's test command (bash .ci/test) installs it; by hand: apt-get install mosquitto.");

        System.IO.Directory.CreateDirectory(Directory);
        Port = FreePort.Next();
        var configuration = Path.Combine(Directory, "mosquitto.conf");
        var log = Path.Combine(Directory, "mosquitto.log");

        // Run as root, Mosquitto would switch to the 'mosquitto' user, which cannot write our folder: stay who we are.
        await File.WriteAllTextAsync(configuration, string.Create(CultureInfo.InvariantCulture, $"""
            listener {Port} 127.0.0.1
            allow_anonymous true
            persistence true
            persistence_location {Directory}/
            max_queued_messages 10000
            user {Environment.UserName}
            log_dest file {log}
            log_type all
            {ListenerOptions()}
            """));

        _process = Process.Start(new ProcessStartInfo(executable, ["-c", configuration])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException($"Could not start {executable}.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        if (!await FreePort.WaitUntilListeningAsync(Port, TimeSpan.FromSeconds(15), () => _process.HasExited))
        {
            var detail = File.Exists(log) ? await File.ReadAllTextAsync(log) : "(no log)";
            throw new InvalidOperationException($"Mosquitto did not start listening on 127.0.0.1:{Port}. Its log:\n{detail}");
        }
    }

    public async Task DisposeAsync()
    {
        if (_process is { } process)
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill();
                    await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
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

    /// <summary>More settings for the listener (written right after it), e.g. TLS files.</summary>
    protected virtual string ListenerOptions() => string.Empty;

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, name))
            .FirstOrDefault(File.Exists);
}
