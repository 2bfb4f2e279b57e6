using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace SafeCommunity.Iot.Geofences.Catalog;

/// <summary>
/// Puts the geofences in force before anything evaluates them: loads every stored fence into the index, then
/// imports <see cref="GeofenceOptions.ImportOnStart"/> when set. It works in <see cref="StartingAsync"/>, which
/// the host runs before any service's <c>StartAsync</c> (the pipeline's among them). It does not depend on the
/// storage start-up running first: the store migrates the database on its first use. A bad import file stops the start with a
/// <see cref="GeofenceImportException"/> that lists the errors; a bad stored fence is only logged and skipped.
/// </summary>
internal sealed class GeofenceStartupService : IHostedLifecycleService
{
    private readonly GeofenceCatalog _catalog;
    private readonly GeofenceOptions _options;
    private readonly string _contentRootPath;

    public GeofenceStartupService(GeofenceCatalog catalog, IOptions<GeofenceOptions> options, IHostEnvironment environment)
    {
        _catalog = catalog;
        _options = options.Value;
        _contentRootPath = environment.ContentRootPath;
    }

    public Task StartingAsync(CancellationToken cancellationToken)
    {
        _catalog.LoadFromStore();
        if (_options.ImportOnStart is { } import)
        {
            var path = GeofenceOptions.ResolvePath(import, _contentRootPath);
            GeofenceImportResult result;
            try
            {
                result = _catalog.ImportFile(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new GeofenceImportException($"The geofence import file '{path}' cannot be read: {e.Message}", e);
            }

            if (!result.IsValid)
            {
                throw new GeofenceImportException(path, result.Errors);
            }
        }

        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
