using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SafeCommunity.Iot.Storage.Database;
using SafeCommunity.Iot.Storage.Registry;

namespace SafeCommunity.Iot.Storage.Hosting;

/// <summary>
/// Gets the database ready before anything else starts: creates or migrates it, says where it lives, and imports
/// <see cref="StorageOptions.ImportOnStart"/> when set. It works in <see cref="StartingAsync"/>, which the host
/// runs before any service's <c>StartAsync</c>, so receivers and the pipeline never see a registry without the
/// import. A bad import file stops the start with a <see cref="RegistryImportException"/> that lists the errors.
/// The in-memory registry it imports into was filled, with the enrolled devices and the active theft reports,
/// when it was created (see <see cref="StorageHostingExtensions.AddGatewayStorage"/>).
/// </summary>
internal sealed class StorageStartupService : IHostedLifecycleService
{
    private readonly GatewayDatabase _database;
    private readonly RegistryImporter _importer;
    private readonly StorageOptions _options;
    private readonly string _contentRootPath;
    private readonly ILogger _logger;

    public StorageStartupService(
        GatewayDatabase database,
        RegistryImporter importer,
        IOptions<StorageOptions> options,
        IHostEnvironment environment,
        ILogger<StorageStartupService> logger)
    {
        _database = database;
        _importer = importer;
        _options = options.Value;
        _contentRootPath = environment.ContentRootPath;
        _logger = logger;
    }

    public Task StartingAsync(CancellationToken cancellationToken)
    {
        var version = _database.EnsureMigrated();
        if (_database.Provider == StorageProvider.Sqlite)
        {
            StorageLog.DatabaseReady(_logger, _database.DatabasePath, version, _database.Synchronous);
        }
        else
        {
            StorageLog.PostgreSqlDatabaseReady(_logger, _database.DatabasePath, version);
        }
        if (_options.ImportOnStart is { } import)
        {
            var path = StorageOptions.ResolvePath(import, _contentRootPath);
            var result = _importer.ImportFile(path);
            if (!result.IsValid)
            {
                throw new RegistryImportException(path, result.Errors);
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
