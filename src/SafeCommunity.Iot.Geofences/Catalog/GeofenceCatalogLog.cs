using Microsoft.Extensions.Logging;

namespace SafeCommunity.Iot.Geofences.Catalog;

/// <summary>
/// The catalog's log messages. They name fences by id and count them; they never give a fence's position (a
/// safe zone is drawn around someone's home). A validation error may quote the coordinate it is about, so that
/// an administrator can fix the file.
/// </summary>
internal static partial class GeofenceCatalogLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information,
        Message = "Loaded {Count} geofences from the store ({Skipped} skipped)")]
    public static partial void FencesLoaded(ILogger logger, int count, int skipped);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning,
        Message = "Skipped stored geofence {FenceId}: it is not enforced until it is imported again. {Reason}")]
    public static partial void StoredFenceSkipped(ILogger logger, string fenceId, string reason);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information,
        Message = "Imported {Count} geofences from {Source}; {Total} geofences in force")]
    public static partial void FencesImported(ILogger logger, int count, string source, int total);

    [LoggerMessage(EventId = 4, Level = LogLevel.Error,
        Message = "Rejected the geofence import {Source}; nothing was imported. {ErrorCount} errors:\n{Errors}")]
    public static partial void ImportRejected(ILogger logger, string source, int errorCount, string errors);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "Removed geofence {FenceId}; {Total} geofences in force")]
    public static partial void FenceRemoved(ILogger logger, string fenceId, int total);
}
