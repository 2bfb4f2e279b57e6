using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SafeCommunity.Iot.Core.State;

namespace SafeCommunity.Iot.Storage.Hosting;

/// <summary>
/// Deletes trail points older than <see cref="StorageOptions.TrailRetention"/>: once at start (a gateway that was
/// off for a while catches up at once), then every <see cref="StorageOptions.TrailPruneInterval"/>.
/// </summary>
public sealed class TrailPruningService : BackgroundService
{
    private readonly IDeviceStateStore _store;
    private readonly TimeProvider _timeProvider;
    private readonly StorageOptions _options;
    private readonly ILogger _logger;

    /// <summary>Creates the service.</summary>
    public TrailPruningService(
        IDeviceStateStore store,
        TimeProvider timeProvider,
        IOptions<StorageOptions> options,
        ILogger<TrailPruningService> logger)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        _store = store;
        _timeProvider = timeProvider;
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>Prunes once now; returns how many points were deleted.</summary>
    public int PruneOnce()
    {
        var cutoff = _timeProvider.GetUtcNow() - _options.TrailRetention;
        var removed = _store.PruneTrail(cutoff);
        if (removed > 0)
        {
            StorageLog.TrailPruned(_logger, removed, cutoff);
        }
        else
        {
            StorageLog.TrailPruneFoundNothing(_logger, cutoff);
        }

        return removed;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Off the start-up path: the first prune may have a lot to delete.
        await Task.Yield();
        using var timer = new PeriodicTimer(_options.TrailPruneInterval, _timeProvider);
        do
        {
            try
            {
                PruneOnce();
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // A failed prune (disk full, a long lock) must not stop the gateway: the next tick tries again.
                StorageLog.TrailPruneFailed(_logger, _options.TrailPruneInterval, exception);
            }
        }
        while (await WaitForNextTickAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitForNextTickAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
