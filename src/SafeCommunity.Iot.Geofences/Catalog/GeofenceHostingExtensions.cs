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
    /// The order of registration does not matter. The store migrates the database on its first use, whichever
    /// start-up step comes first, and the fences refer to nothing in the registry. The index is registered with
    /// <c>AddSingleton</c>: it wins over an empty default that the pipeline registers with <c>TryAddSingleton</c>
    /// before it, and such a default registered after it is not added. Calling it again changes nothing.
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
