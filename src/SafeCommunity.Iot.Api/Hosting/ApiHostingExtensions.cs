using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SafeCommunity.Iot.Alarms.Thefts;
using SafeCommunity.Iot.Api.Access;
using SafeCommunity.Iot.Api.Administration;
using SafeCommunity.Iot.Api.Alarms;
using SafeCommunity.Iot.Api.Devices;
using SafeCommunity.Iot.Api.Geofences;
using SafeCommunity.Iot.Api.History;
using SafeCommunity.Iot.Api.Notifications;
using SafeCommunity.Iot.Api.Receivers;

namespace SafeCommunity.Iot.Api.Hosting;

/// <summary>Adds the gRPC API to the gateway.</summary>
public static class ApiHostingExtensions
{
    /// <summary>
    /// Registers the API's services (gRPC, and JSON transcoding of the calls annotated with HTTP rules), tokens and
    /// audit trail, the standard gRPC health service and server reflection,
    /// HTTP/2 keep-alive pings, and validates <see cref="ApiOptions"/> (section <c>Api</c>) at start.
    /// </summary>
    public static IHostApplicationBuilder AddGatewayApi(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<ApiOptions>().Bind(builder.Configuration.GetSection(ApiOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ApiOptions>, ApiOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);

        services.AddSingleton<TokenService>();
        services.AddSingleton<ReadAuditWriter>();
        services.AddHostedService(provider => provider.GetRequiredService<ReadAuditWriter>());
        services.AddSingleton<AuditTrail>();
        services.AddSingleton<TheftDesk>();
        services.AddSingleton(provider => new AuthenticationFailureLimiter(
            provider.GetRequiredService<IOptions<ApiOptions>>().Value.MaxAuthenticationFailuresPerMinute,
            provider.GetRequiredService<TimeProvider>()));
        services.AddHostedService<AdminTokenBootstrap>();

        // JSON transcoding serves the annotated calls as JSON over HTTP/1.1 for the alarm board; they run through the
        // same services, interceptor, scopes and audit as gRPC.
        services.AddGrpc(grpc => grpc.Interceptors.Add<AuthenticationInterceptor>()).AddJsonTranscoding();
        services.AddOptions<Grpc.AspNetCore.Server.GrpcServiceOptions>().Configure<IOptions<ApiOptions>>((grpc, api) =>
        {
            grpc.MaxReceiveMessageSize = api.Value.MaxMessageBytes;
            grpc.MaxSendMessageSize = api.Value.MaxMessageBytes;
            grpc.EnableDetailedErrors = false;
        });
        services.AddGrpcHealthChecks();
        services.AddGrpcReflection();
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<ApiOptions>>((kestrel, api) =>
        {
            kestrel.Limits.Http2.KeepAlivePingDelay = api.Value.KeepAlivePingDelay;
            kestrel.Limits.Http2.KeepAlivePingTimeout = api.Value.KeepAlivePingTimeout;
        });
        return builder;
    }

    /// <summary>Maps the API's services, health and reflection.</summary>
    public static WebApplication MapGatewayApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGrpcService<AlarmsService>();
        app.MapGrpcService<DevicesService>();
        app.MapGrpcService<GeofencesService>();
        app.MapGrpcService<ReceiversService>();
        app.MapGrpcService<HistoryService>();
        app.MapGrpcService<AdministrationService>();
        app.MapGrpcService<NotificationsService>();
        app.MapGrpcHealthChecksService();
        app.MapGrpcReflectionService();
        return app;
    }
}
