using System.Globalization;
using SafeCommunity.Iot.TestSupport;

namespace SafeCommunity.Iot.LoadTest.Processes;

/// <summary>
/// A Mosquitto 2 broker of the tool's own on a free loopback port, set up as the LoRaWAN receiver's README advises
/// for the field: persistence on, and queues deep enough that a backlog is kept rather than dropped. Its other
/// settings are Mosquitto's defaults (README.md says how Mosquitto 2.0.11 behaved with a large backlog).
/// </summary>
internal sealed class MosquittoBroker : IAsyncDisposable
{
    private static readonly string[] Locations = ["/usr/sbin/mosquitto", "/usr/local/sbin/mosquitto", "/usr/bin/mosquitto"];
    private readonly ChildProcess _process;

    private MosquittoBroker(ChildProcess process, int port)
    {
        _process = process;
        Port = port;
    }

    /// <summary>The port it listens on (127.0.0.1).</summary>
    public int Port { get; }

    /// <summary>Its process id.</summary>
    public int ProcessId => _process.Id;

    /// <summary>Starts a broker with its files in <paramref name="folder"/>.</summary>
    /// <exception cref="InvalidOperationException">Mosquitto is not installed or does not listen.</exception>
    public static async Task<MosquittoBroker> StartAsync(string folder)
    {
        var executable = Array.Find(Locations, File.Exists)
            ?? throw new InvalidOperationException("mosquitto is not installed (apt-get install mosquitto)");
        Directory.CreateDirectory(folder);
        var port = FreePort.Next();
        var settings = Path.Combine(folder, "mosquitto.conf");

        // The tool runs as whoever started it; Mosquitto would otherwise switch to its own user, who cannot write here.
        await File.WriteAllLinesAsync(settings,
        [
            string.Create(CultureInfo.InvariantCulture, $"listener {port} 127.0.0.1"),
            "allow_anonymous true",
            "persistence true",
            $"persistence_location {folder}/",
            "max_queued_messages 10000000",
            $"user {Environment.UserName}",
        ]);
        var process = ChildProcess.Start(executable, ["-c", settings], folder, Path.Combine(folder, "mosquitto.log"));
        if (!await FreePort.WaitUntilListeningAsync(port, TimeSpan.FromSeconds(15), () => process.HasExited))
        {
            await process.DisposeAsync();
            throw new InvalidOperationException($"mosquitto did not listen on 127.0.0.1:{port} (see {folder}/mosquitto.log)");
        }

        return new MosquittoBroker(process, port);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
