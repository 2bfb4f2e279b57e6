using System.Globalization;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SafeCommunity.Iot.Core.Uplinks;
using SafeCommunity.Iot.TestSupport;

namespace SafeCommunity.Iot.Api.Tests.Support;

/// <summary>
/// The real gateway (its Program) on real Kestrel sockets, with the seed deployment, on a data directory the test
/// owns; a second instance on the same directory is a restart.
/// </summary>
internal sealed class ApiGateway : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;
    private readonly List<GrpcChannel> _channels = [];
    private readonly ILoggerProvider? _logs;

    public ApiGateway(string dataDirectory, params (string Key, string? Value)[] settings)
        : this(dataDirectory, logs: null, settings)
    {
    }

    /// <summary>The gateway, with <paramref name="logs"/> receiving its log records besides its own providers.</summary>
    public ApiGateway(string dataDirectory, ILoggerProvider? logs, params (string Key, string? Value)[] settings)
    {
        _logs = logs;
        GrpcPort = FreePort.Next();
        _settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Storage:DataDirectory"] = dataDirectory,
            ["Storage:ImportOnStart"] = SeedDevices.SeedFile,
            ["Receivers:LoRaWan:Broker:Port"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
            ["Kestrel:Endpoints:Http:Url"] = $"http://127.0.0.1:{FreePort.Next()}",
            ["Kestrel:Endpoints:Grpc:Url"] = $"http://127.0.0.1:{GrpcPort}",
            ["Kestrel:Endpoints:Grpc:Protocols"] = "Http2",
        };
        foreach (var (key, value) in TestStore.SettingsFor(dataDirectory).Concat(settings.Select(s => KeyValuePair.Create(s.Key, s.Value))))
        {
            _settings[key] = value;
        }

        DataDirectory = dataDirectory;
        UseKestrel();
        StartServer();
    }

    public int GrpcPort { get; }

    public string DataDirectory { get; }

    /// <summary>The administrator token the gateway wrote at its first start.</summary>
    public string AdminToken => File.ReadAllText(Path.Combine(DataDirectory, "admin-token")).Trim();

    /// <summary>A channel to the gRPC endpoint whose calls carry <paramref name="token"/> (none when null).</summary>
    public GrpcChannel Channel(string? token)
    {
        var credentials = CallCredentials.FromInterceptor((_, metadata) =>
        {
            if (token is not null)
            {
                metadata.Add("authorization", "Bearer " + token);
            }

            return Task.CompletedTask;
        });
        var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{GrpcPort}", new GrpcChannelOptions
        {
            Credentials = ChannelCredentials.Create(ChannelCredentials.Insecure, credentials),
            UnsafeUseInsecureChannelCallCredentials = true,
        });
        _channels.Add(channel);
        return channel;
    }

    /// <summary>Hands a frame to the pipeline as receiver <paramref name="receiverId"/> heard it now.</summary>
    public Task<UplinkOutcome> SendAsync(byte[] frame, string receiverId = "wufu-gate-north") =>
        CompletionSource.SendAsync(Services.GetRequiredService<IUplinkIngress>(), frame, receiverId, DateTimeOffset.UtcNow);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(_settings));
        if (_logs is not null)
        {
            builder.ConfigureLogging(logging => logging.AddProvider(_logs));
        }
    }

    protected override void Dispose(bool disposing)
    {
        foreach (var channel in _channels)
        {
            channel.Dispose();
        }

        base.Dispose(disposing);
    }
}
