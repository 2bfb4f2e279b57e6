using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SafeCommunity.Iot.Storage.Database;

namespace SafeCommunity.Iot.Storage.Hosting;

/// <summary>The outcome of one checkpoint: write-ahead log frames in the log, and how many are now in the database file.</summary>
/// <param name="Busy">Whether the checkpoint could not finish because another connection held what it needed.</param>
/// <param name="LogFrames">Frames in the write-ahead log.</param>
/// <param name="CheckpointedFrames">Frames copied into the database file.</param>
public readonly record struct CheckpointResult(bool Busy, long LogFrames, long CheckpointedFrames);

/// <summary>
/// Copies the write-ahead log into the database file every <see cref="StorageOptions.CheckpointInterval"/>, on a
/// connection of its own, with a passive checkpoint (it never waits for, nor blocks, the committer or a reader).
/// SQLite only: on PostgreSQL it ends at once (the server checkpoints by itself).
/// </summary>
/// <remarks>
/// SQLite's automatic checkpoint runs inside whichever commit crosses the threshold, on that commit's thread: the
/// pipeline's committer, which then holds every uplink and alarm of the batch while pages are copied and synced
/// (hundreds of milliseconds on a busy disk). The committer's connection therefore turns the automatic checkpoint off
/// and this service does the work beside it.
/// </remarks>
public sealed class WalCheckpointService : BackgroundService
{
    private readonly GatewayDatabase _database;
    private readonly TimeProvider _timeProvider;
    private readonly StorageOptions _options;
    private readonly ILogger _logger;

    /// <summary>Creates the service.</summary>
    public WalCheckpointService(GatewayDatabase database, TimeProvider timeProvider, IOptions<StorageOptions> options, ILogger<WalCheckpointService> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _database = database;
        _timeProvider = timeProvider;
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>Runs one passive checkpoint now.</summary>
    public CheckpointResult CheckpointOnce()
    {
        using var connection = _database.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
        using var reader = command.ExecuteReader();
        reader.Read();
        return new CheckpointResult(reader.GetInt64(0) != 0, reader.GetInt64(1), reader.GetInt64(2));
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_database.Provider != StorageProvider.Sqlite)
        {
            StorageLog.CheckpointsNotNeeded(_logger, _database.Provider);
            return;
        }

        using var timer = new PeriodicTimer(_options.CheckpointInterval, _timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    CheckpointOnce();
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    // The log keeps everything meanwhile; the next tick tries again.
                    StorageLog.CheckpointFailed(_logger, _options.CheckpointInterval, exception);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping: SQLite checkpoints the log when the last connection closes.
        }
    }
}
