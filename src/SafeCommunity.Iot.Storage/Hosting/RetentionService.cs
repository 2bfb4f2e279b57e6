using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SafeCommunity.Iot.Core.Access;
using SafeCommunity.Iot.Core.State;

namespace SafeCommunity.Iot.Storage.Hosting;

/// <summary>What one pass of <see cref="RetentionService"/> deleted.</summary>
/// <param name="TrailPoints">Trail points older than <see cref="StorageOptions.TrailRetention"/>.</param>
/// <param name="AuditLines">Audit lines older than <see cref="StorageOptions.AuditRetention"/>.</param>
public readonly record struct RetentionPass(int TrailPoints, int AuditLines);

/// <summary>
/// Deletes trail points older than <see cref="StorageOptions.TrailRetention"/> and audit lines older than
/// <see cref="StorageOptions.AuditRetention"/>: once at start (a gateway that was off for a while catches up at
/// once), then every <see cref="StorageOptions.TrailPruneInterval"/>.
/// </summary>
public sealed class RetentionService : BackgroundService
{
    private readonly IDeviceStateStore _states;
    private readonly IAccessStore _access;
    private readonly TimeProvider _timeProvider;
    private readonly StorageOptions _options;
    private readonly ILogger _logger;

    /// <summary>Creates the service.</summary>
    public RetentionService(
        IDeviceStateStore states,
        IAccessStore access,
        TimeProvider timeProvider,
        IOptions<StorageOptions> options,
        ILogger<RetentionService> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _states = states;
        _access = access;
        _timeProvider = timeProvider;
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>Prunes once now; returns what was deleted.</summary>
    public RetentionPass PruneOnce()
    {
        var now = _timeProvider.GetUtcNow();
        var trailCutoff = now - _options.TrailRetention;
        var trail = _states.PruneTrail(trailCutoff);
        if (trail > 0)
        {
            StorageLog.TrailPruned(_logger, trail, trailCutoff);
        }
        else
        {
            StorageLog.TrailPruneFoundNothing(_logger, trailCutoff);
        }

        var auditCutoff = now - _options.AuditRetention;
        var audit = _access.PruneAudit(auditCutoff);
        if (audit > 0)
        {
            StorageLog.AuditPruned(_logger, audit, auditCutoff);
        }

        return new RetentionPass(trail, audit);
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
