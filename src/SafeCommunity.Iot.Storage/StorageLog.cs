using Microsoft.Extensions.Logging;
using SafeCommunity.Iot.Storage.Database;

namespace SafeCommunity.Iot.Storage;

/// <summary>
/// Every log message of the storage component. Keys are never logged, nor positions (not even at Debug): a
/// message says where the data is and how much of it, not whose it is.
/// </summary>
internal static partial class StorageLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information,
        Message = "Gateway database at {DatabasePath} (schema version {SchemaVersion}, synchronous {Synchronous}, WAL)")]
    public static partial void DatabaseReady(ILogger logger, string databasePath, int schemaVersion, SynchronousMode synchronous);

    [LoggerMessage(EventId = 7, Level = LogLevel.Information,
        Message = "Gateway database on PostgreSQL at {Location} (schema version {SchemaVersion})")]
    public static partial void PostgreSqlDatabaseReady(ILogger logger, string location, int schemaVersion);

    [LoggerMessage(EventId = 8, Level = LogLevel.Debug,
        Message = "No write-ahead log checkpoints: the store is on {Provider}, which checkpoints by itself")]
    public static partial void CheckpointsNotNeeded(ILogger logger, StorageProvider provider);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information,
        Message = "Applied schema migration {Version} ({Description}) to {DatabasePath}")]
    public static partial void MigrationApplied(ILogger logger, int version, string description, string databasePath);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning,
        Message = "The database {DatabasePath} could not switch to WAL (journal mode is {JournalMode}): readers will wait for the committer")]
    public static partial void WriteAheadLogUnavailable(ILogger logger, string databasePath, string journalMode);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning,
        Message = "The database {DatabasePath} was not closed when the gateway last stopped (a crash, a kill or a power cut): SQLite recovered all {Frames} frames of its write-ahead log, every committed transaction; nothing was cut")]
    public static partial void WriteAheadLogRecovered(ILogger logger, string databasePath, long frames);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning,
        Message = "The database {DatabasePath} was not closed when the gateway last stopped (a crash, a kill or a power cut): SQLite recovered {KeptFrames} frames of committed transactions from its write-ahead log and cut a torn tail of {CutFrames} frames and {TornBytes} bytes, a transaction that never finished committing (nothing of it had been reported as stored)")]
    public static partial void WriteAheadLogTornTailCut(ILogger logger, string databasePath, long keptFrames, long cutFrames, long tornBytes);

    [LoggerMessage(EventId = 6, Level = LogLevel.Critical,
        Message = "The database {DatabasePath} is damaged ({Reason}); the gateway does not run on a damaged store and stops with exit code {ExitCode}. Keep a copy of the file and its -wal and -shm files, then restore the last backup, or salvage what is readable: sqlite3 damaged.db .recover | sqlite3 gateway.db (docs/storage.md, \"A damaged file\")")]
    public static partial void DatabaseDamaged(ILogger logger, string databasePath, string reason, int exitCode);

    [LoggerMessage(EventId = 10, Level = LogLevel.Information,
        Message = "Registry loaded: {Communities} communities, {Receivers} receivers, {Devices} devices")]
    public static partial void RegistryLoaded(ILogger logger, int communities, int receivers, int devices);

    [LoggerMessage(EventId = 11, Level = LogLevel.Debug,
        Message = "Registry upsert committed: {Communities} communities, {Receivers} receivers, {Devices} devices")]
    public static partial void RegistryImported(ILogger logger, int communities, int receivers, int devices);

    [LoggerMessage(EventId = 12, Level = LogLevel.Information,
        Message = "Imported {Source}: {Communities} communities, {Receivers} receivers, {Devices} devices")]
    public static partial void ImportApplied(ILogger logger, string source, int communities, int receivers, int devices);

    [LoggerMessage(EventId = 13, Level = LogLevel.Error,
        Message = "Rejected the registry import {Source}; nothing was imported. {ErrorCount} errors:\n{Errors}")]
    public static partial void ImportRejected(ILogger logger, string source, int errorCount, string errors);

    [LoggerMessage(EventId = 14, Level = LogLevel.Information, Message = "Removed device {DeviceId} with its state and trail")]
    public static partial void DeviceRemoved(ILogger logger, uint deviceId);

    [LoggerMessage(EventId = 20, Level = LogLevel.Information, Message = "Loaded the state of {Count} devices in {ElapsedMilliseconds:F0} ms")]
    public static partial void StatesLoaded(ILogger logger, int count, double elapsedMilliseconds);

    [LoggerMessage(EventId = 21, Level = LogLevel.Error,
        Message = "Committing {States} device states, {TrailPoints} trail points and {AlarmEvents} alarm events failed; nothing of the batch was stored")]
    public static partial void CommitFailed(ILogger logger, int states, int trailPoints, int alarmEvents, Exception exception);

    [LoggerMessage(EventId = 30, Level = LogLevel.Information, Message = "Pruned {Count} trail points older than {Cutoff:O}")]
    public static partial void TrailPruned(ILogger logger, int count, DateTimeOffset cutoff);

    [LoggerMessage(EventId = 31, Level = LogLevel.Debug, Message = "No trail points older than {Cutoff:O} to prune")]
    public static partial void TrailPruneFoundNothing(ILogger logger, DateTimeOffset cutoff);

    [LoggerMessage(EventId = 34, Level = LogLevel.Information, Message = "Pruned {Count} audit lines older than {Cutoff:O}")]
    public static partial void AuditPruned(ILogger logger, int count, DateTimeOffset cutoff);

    [LoggerMessage(EventId = 32, Level = LogLevel.Error, Message = "Pruning the trail or the audit log failed; trying again in {Interval}")]
    public static partial void TrailPruneFailed(ILogger logger, TimeSpan interval, Exception exception);

    [LoggerMessage(EventId = 33, Level = LogLevel.Warning, Message = "Checkpointing the write-ahead log failed; trying again in {Interval}")]
    public static partial void CheckpointFailed(ILogger logger, TimeSpan interval, Exception exception);

    [LoggerMessage(EventId = 40, Level = LogLevel.Information,
        Message = "Loaded {ActiveAlarms} active alarms; last alarm event sequence {LastSequence}, last alarm id {LastAlarmId}")]
    public static partial void AlarmStartStateLoaded(ILogger logger, int activeAlarms, long lastSequence, long lastAlarmId);

    [LoggerMessage(EventId = 41, Level = LogLevel.Information, Message = "Stored theft report {ReportId} for device {DeviceId}")]
    public static partial void TheftReported(ILogger logger, long reportId, uint deviceId);

    [LoggerMessage(EventId = 42, Level = LogLevel.Information, Message = "Updated theft report {ReportId} for device {DeviceId} (recovered: {Recovered})")]
    public static partial void TheftUpdated(ILogger logger, long reportId, uint deviceId, bool recovered);

    [LoggerMessage(EventId = 43, Level = LogLevel.Information, Message = "Loaded {Count} active theft reports into the registry")]
    public static partial void ActiveTheftsLoaded(ILogger logger, int count);

    [LoggerMessage(EventId = 50, Level = LogLevel.Debug, Message = "Stored {Count} geofences")]
    public static partial void GeofencesSaved(ILogger logger, int count);

    [LoggerMessage(EventId = 51, Level = LogLevel.Debug, Message = "Deleted stored geofence {FenceId}")]
    public static partial void GeofenceDeleted(ILogger logger, string fenceId);

    [LoggerMessage(EventId = 52, Level = LogLevel.Information, Message = "Listening for alarm events stored by any gateway of the store")]
    public static partial void AlarmEventsListening(ILogger logger);

    [LoggerMessage(EventId = 53, Level = LogLevel.Warning,
        Message = "Lost the store's notices of stored alarm events; reconnecting in {Delay} (the stream catches up by sequence meanwhile)")]
    public static partial void AlarmEventsListenFailed(ILogger logger, Exception exception, TimeSpan delay);

    [LoggerMessage(EventId = 54, Level = LogLevel.Information, Message = "This gateway escalates the store's unacknowledged alarms now")]
    public static partial void EscalationLeader(ILogger logger);
}
