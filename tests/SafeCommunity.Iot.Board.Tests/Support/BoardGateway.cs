using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;

namespace SafeCommunity.Iot.Board.Tests.Support;

/// <summary>
/// The real gateway (its Program) on real Kestrel sockets with the seed deployment and its geofences, a serial base
/// station on a pseudo-terminal, and the given ports and data directory — so a second one started on the same
/// settings is the same gateway restarted.
/// </summary>
internal sealed class BoardGateway : WebApplicationFactory<Program>
{
    private readonly IReadOnlyDictionary<string, string?> _settings;

    public BoardGateway(IReadOnlyDictionary<string, string?> settings)
    {
        _settings = settings;
        UseKestrel();
        StartServer();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder) =>
        builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(_settings));
}
