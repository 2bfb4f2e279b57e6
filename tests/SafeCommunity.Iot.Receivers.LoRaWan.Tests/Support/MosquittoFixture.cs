using SafeCommunity.Iot.TestSupport;

namespace SafeCommunity.Iot.Receivers.LoRaWan.Tests.Support;

/// <summary>
/// A real Mosquitto 2 broker for one test class (<see cref="MosquittoProcess"/>: own folder, free loopback port,
/// <c>persistence true</c>). Mosquitto keeps sessions and their queued QoS 1 messages, which is what the
/// persistent-session tests need.
/// </summary>
public class MosquittoFixture : IBrokerFixture, IAsyncLifetime, IDisposable
{
    private MosquittoProcess? _broker;

    public int Port => _broker?.Port ?? throw new InvalidOperationException("The broker is not started.");

    public virtual string Name => "mosquitto";

    /// <summary>The broker's own folder (configuration, persistence, log).</summary>
    protected string Directory { get; } = Path.Combine(Path.GetTempPath(), $"safecomm-mosquitto-{Guid.NewGuid():N}");

    public async Task InitializeAsync()
    {
        System.IO.Directory.CreateDirectory(Directory);
        _broker = new MosquittoProcess(Directory, ListenerOptions());
        await _broker.StartAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        _broker?.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>More settings for the listener (written right after it), e.g. TLS files.</summary>
    protected virtual string ListenerOptions() => string.Empty;
}
