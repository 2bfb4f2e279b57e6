using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SafeCommunity.Iot.Core.Geofencing;
using SafeCommunity.Iot.Geofences.Indexing;

namespace SafeCommunity.Iot.Geofences.Catalog;

/// <summary>Adds the gateway's geofences to a host.</summary>
public static class GeofenceHostingExtensions
{
    /// <summary>
    /// Binds and validates <see cref="GeofenceOptions"/> (section <c>Geofences</c>, checked at start) and registers
    /// the <see cref="GeofenceIndex"/> singleton built from them, the <see cref="GeofenceCatalog"/>, and the start-up
    /// step that fills the index from the store and imports <see cref="GeofenceOptions.ImportOnStart"/>. Needs an
    /// <see cref="IGeofenceStore"/> (the storage services register it).
    /// <para>
    /// Call it after the storage services, so that their start-up step (which migrates the database) runs first,
    /// and before anything that takes a <see cref="GeofenceIndex"/> (the uplink pipeline): this index is the one
    /// they get. It is registered with <c>AddSingleton</c>, so it also wins over an empty default registered with
    /// <c>TryAddSingleton</c> earlier. Calling it again changes nothing.
    /// </para>
    /// </summary>
    public static IHostApplicationBuilder AddGeofences(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        if (services.Any(d => d.ServiceType == typeof(GeofenceCatalog)))
        {
            return builder;
        }

        services.AddOptions<GeofenceOptions>()
            .Bind(builder.Configuration.GetSection(GeofenceOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GeofenceOptions>, GeofenceOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);

        services.AddSingleton(provider => new GeofenceIndex(provider.GetRequiredService<IOptions<GeofenceOptions>>().Value.ToIndexOptions()));
        services.AddSingleton<GeofenceCatalog>();
        services.AddHostedService<GeofenceStartupService>();
        return builder;
    }
}
