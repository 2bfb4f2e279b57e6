using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SafeCommunity.Iot.Core.Hosting;
using SafeCommunity.Iot.Core.Access;
using SafeCommunity.Iot.Core.Alarms;
using SafeCommunity.Iot.Core.Geofencing;
using SafeCommunity.Iot.Core.Notifications;
using SafeCommunity.Iot.Core.Registry;
using SafeCommunity.Iot.Core.State;
using SafeCommunity.Iot.Storage.Access;
using SafeCommunity.Iot.Storage.Alarms;
using SafeCommunity.Iot.Storage.Database;
using SafeCommunity.Iot.Storage.Geofences;
using SafeCommunity.Iot.Storage.Notifications;
using SafeCommunity.Iot.Storage.Registry;
using SafeCommunity.Iot.Storage.State;

namespace SafeCommunity.Iot.Storage.Hosting;

/// <summary>Adds the embedded state store to a host.</summary>
public static class StorageHostingExtensions
{
    /// <summary>
    /// Binds and validates <see cref="StorageOptions"/> (section <c>Storage</c>, checked at start) and registers
    /// <see cref="GatewayDatabase"/>, the gateway's <see cref="DataDirectory"/>, <see cref="RegistryStore"/>, <see cref="RegistryImporter"/>,
    /// <see cref="IDeviceStateStore"/>, <see cref="IStateAndAlarmWriter"/>, <see cref="IAlarmStore"/>, <see cref="IAlarmEventSignal"/>, <see cref="IGeofenceStore"/>, <see cref="INotificationStore"/>, the in-memory
    /// <see cref="DeviceRegistry"/> (filled from the store when first asked for: the registry and the active theft
    /// reports), the start-up step that migrates the database and imports <see cref="StorageOptions.ImportOnStart"/>,
    /// <see cref="RetentionService"/> and <see cref="WalCheckpointService"/>.
    /// </summary>
    public static IHostApplicationBuilder AddGatewayStorage(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;

        services.AddOptions<StorageOptions>()
            .Bind(builder.Configuration.GetSection(StorageOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);

        var contentRootPath = builder.Environment.ContentRootPath;
        services.AddSingleton(provider => new GatewayDatabase(
            provider.GetRequiredService<IOptions<StorageOptions>>().Value,
            contentRootPath,
            provider.GetRequiredService<ILogger<GatewayDatabase>>()));
        services.AddSingleton(provider => new DataDirectory(
            StorageOptions.ResolvePath(provider.GetRequiredService<IOptions<StorageOptions>>().Value.DataDirectory, contentRootPath)));
        services.AddSingleton<RegistryStore>();
        services.AddSingleton<RegistryImporter>();
        services.AddSingleton<DeviceStateStore>();
        services.AddSingleton<IDeviceStateStore>(provider => provider.GetRequiredService<DeviceStateStore>());
        services.AddSingleton<StateAndAlarmWriter>();
        services.AddSingleton<IStateAndAlarmWriter>(provider => provider.GetRequiredService<StateAndAlarmWriter>());
        services.AddSingleton<AlarmStore>();
        services.AddSingleton<AccessStore>();
        services.AddSingleton<IAccessStore>(provider => provider.GetRequiredService<AccessStore>());
        services.AddSingleton<IAlarmStore>(provider => provider.GetRequiredService<AlarmStore>());
        services.AddSingleton<StoredAlarmEventSignal>();
        services.AddSingleton<IAlarmEventSignal>(provider => provider.GetRequiredService<StoredAlarmEventSignal>());
        services.AddSingleton<GeofenceStore>();
        services.AddSingleton<IGeofenceStore>(provider => provider.GetRequiredService<GeofenceStore>());
        services.AddSingleton<NotificationStore>();
        services.AddSingleton<INotificationStore>(provider => provider.GetRequiredService<NotificationStore>());
        services.AddSingleton(CreateDeviceRegistry);

        // The start-up step comes before the pruning service, and works in StartingAsync, ahead of every StartAsync.
        services.AddHostedService<StorageStartupService>();
        services.AddHostedService<RetentionService>();
        services.AddSingleton<WalCheckpointService>();
        services.AddHostedService(provider => provider.GetRequiredService<WalCheckpointService>());
        return builder;
    }

    // The registry is filled where it is created: whoever gets it (the importer of the start-up step, receivers,
    // the pipeline) gets it with the enrolled devices and the active theft reports, so no frame is checked against
    // a registry that does not know yet which bikes are stolen. Reading migrates the database first.
    private static DeviceRegistry CreateDeviceRegistry(IServiceProvider provider)
    {
        var contents = provider.GetRequiredService<RegistryStore>().LoadAll();
        var thefts = provider.GetRequiredService<AlarmStore>().LoadActiveThefts();
        var registry = new DeviceRegistry();
        registry.Apply(contents);
        foreach (var theft in thefts)
        {
            registry.ApplyTheft(theft);
        }

        var logger = provider.GetRequiredService<ILogger<DeviceRegistry>>();
        StorageLog.RegistryLoaded(logger, contents.Communities.Count, contents.Receivers.Count, contents.Devices.Count);
        StorageLog.ActiveTheftsLoaded(logger, thefts.Count);
        return registry;
    }
}
