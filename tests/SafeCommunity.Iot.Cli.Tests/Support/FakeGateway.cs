using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SafeCommunity.Iot.Cli.Tests.Support;

/// <summary>
/// A stand-in for the gateway's gRPC API: Grpc.AspNetCore on a real Kestrel socket on loopback (port chosen by the
/// system), plaintext HTTP/2 (h2c) or, with a certificate, TLS. Every service is a fake whose answers each test
/// sets; an interceptor refuses any token but <see cref="GoodToken"/> and records the authorization headers.
/// </summary>
public sealed class FakeGateway : IAsyncDisposable
{
    public const string GoodToken = "sc_good-token-7f3a9e";

    private WebApplication? _app;

    private FakeGateway()
    {
    }

    public Uri Address { get; private set; } = null!;

    public FakeAlarms Alarms { get; } = new();

    public FakeDevices Devices { get; } = new();

    public FakeGeofences Geofences { get; } = new();

    public FakeReceivers Receivers { get; } = new();

    public FakeAdministration Administration { get; } = new();

    public FakeHistory History { get; } = new();

    public FakeNotifications Notifications { get; } = new();

    public ConcurrentQueue<string?> AuthorizationHeaders { get; } = new();

    public static async Task<FakeGateway> StartAsync(X509Certificate2? certificate = null, HttpProtocols protocols = HttpProtocols.Http2)
    {
        var gateway = new FakeGateway();
        var builder = WebApplication.CreateSlimBuilder();
        // Not the real gateway's appsettings.json (copied here for the journey tests): its Kestrel endpoints.
        builder.Configuration.Sources.Clear();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            listen.Protocols = protocols;
            if (certificate is not null)
            {
                listen.UseHttps(certificate);
            }
        }));
        builder.Services.AddSingleton(gateway);
        builder.Services.AddSingleton(gateway.Alarms);
        builder.Services.AddSingleton(gateway.Devices);
        builder.Services.AddSingleton(gateway.Geofences);
        builder.Services.AddSingleton(gateway.Receivers);
        builder.Services.AddSingleton(gateway.Administration);
        builder.Services.AddSingleton(gateway.History);
        builder.Services.AddSingleton(gateway.Notifications);
        builder.Services.AddGrpc(options => options.Interceptors.Add<TokenCheck>());
        var app = builder.Build();
        app.MapGrpcService<FakeAlarms>();
        app.MapGrpcService<FakeDevices>();
        app.MapGrpcService<FakeGeofences>();
        app.MapGrpcService<FakeReceivers>();
        app.MapGrpcService<FakeAdministration>();
        app.MapGrpcService<FakeHistory>();
        app.MapGrpcService<FakeNotifications>();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        gateway._app = app;
        gateway.Address = new Uri(address);
        return gateway;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is null)
        {
            return;
        }

        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(stop.Token);
        await _app.DisposeAsync();
        _app = null;
    }

    /// <summary>Stops as a killed instance would: open connections are dropped at once, not drained.</summary>
    public async Task StopNowAsync()
    {
        if (_app is null)
        {
            return;
        }

        try
        {
            await _app.StopAsync(new CancellationToken(canceled: true));
        }
        catch (OperationCanceledException)
        {
            // Kestrel aborts what is still open when the wait is over before it began, which is the point.
        }

        await _app.DisposeAsync();
        _app = null;
    }

    private sealed class TokenCheck : Interceptor
    {
        private readonly FakeGateway _gateway;

        public TokenCheck(FakeGateway gateway)
        {
            _gateway = gateway;
        }

        public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
            TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
        {
            Check(context);
            return continuation(request, context);
        }

        public override Task ServerStreamingServerHandler<TRequest, TResponse>(
            TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
        {
            Check(context);
            return continuation(request, responseStream, context);
        }

        private void Check(ServerCallContext context)
        {
            var header = context.RequestHeaders.GetValue("authorization");
            _gateway.AuthorizationHeaders.Enqueue(header);
            if (header != "Bearer " + GoodToken)
            {
                throw new RpcException(new Status(StatusCode.Unauthenticated, "unknown or revoked token"));
            }
        }
    }
}
