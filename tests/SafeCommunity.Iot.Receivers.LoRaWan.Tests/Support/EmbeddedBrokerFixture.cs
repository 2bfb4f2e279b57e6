using Microsoft.Extensions.Options;
using SafeCommunity.Iot.Receivers.LoRaWan.Broker;
using SafeCommunity.Iot.Receivers.LoRaWan.Hosting;
using SafeCommunity.Iot.TestSupport;

namespace SafeCommunity.Iot.Receivers.LoRaWan.Tests.Support;

/// <summary>
/// The gateway's embedded broker, running on its own for one test class, so gateway hosts can be stopped and started
/// against it while it keeps their sessions (in memory).
/// </summary>
public sealed class EmbeddedBrokerFixture : IBrokerFixture, IAsyncLifetime, IDisposable
{
    private LoRaWanBroker? _broker;

    public int Port { get; private set; }

    public string Name => "embedded";

    public async Task InitializeAsync()
    {
        Port = FreePort.Next();
        var options = new LoRaWanOptions { Broker = new LoRaWanBrokerOptions { Enabled = true, Port = Port } };
        _broker = StandaloneBroker.Create(Options.Create(options));
        await _broker.StartAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        if (_broker is { } broker)
        {
            await broker.StopAsync(CancellationToken.None);
        }
    }

    public void Dispose() => _broker?.Dispose();
}
