using SafeCommunity.Iot.Storage.Database;

namespace SafeCommunity.Iot.Storage.Hosting;

/// <summary>Where and how the gateway keeps its database (configuration section <c>Storage</c>).</summary>
public sealed class StorageOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Storage";

    /// <summary>
    /// Which engine holds the store: <c>Sqlite</c> (the default: one file in <see cref="DataDirectory"/>) or
    /// <c>PostgreSql</c> (the database of <see cref="ConnectionString"/>). Any other name stops the start.
    /// </summary>
    public string Provider { get; set; } = nameof(StorageProvider.Sqlite);

    /// <summary>
    /// Npgsql's connection string for <c>PostgreSql</c> (for example
    /// <c>Host=db;Port=5432;Database=safecomm;Username=gateway;Password=...</c>); required there, unused by SQLite.
    /// It is never logged: a log line names host, port, user and database only.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// The folder that holds the database (created when missing). A relative path is resolved against the host's
    /// content root, so <c>./data</c> (the default) lands beside the gateway, not wherever it was started from.
    /// </summary>
    public string DataDirectory { get; set; } = "./data";

    /// <summary>The database file's name inside <see cref="DataDirectory"/> (a plain name, no folders).</summary>
    public string DatabaseFileName { get; set; } = "gateway.db";

    /// <summary>
    /// How hard each commit is pushed to disk. <see cref="SynchronousMode.Full"/> (the default) makes every commit
    /// survive a power loss, which the replay protection needs: an accepted frame counter must never roll back,
    /// or a recorded frame could be replayed after a crash. <see cref="SynchronousMode.Normal"/> keeps the file
    /// consistent but may lose the last commits before a power cut; use it only where that does not matter.
    /// </summary>
    public SynchronousMode Synchronous { get; set; } = SynchronousMode.Full;

    /// <summary>How long trail points are kept (default 7 days); InfluxDB keeps the long history.</summary>
    public TimeSpan TrailRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// How long audit lines (who read or changed what) are kept (default 365 days, at least 180: the Cybersecurity Law
    /// asks that network logs be kept for no less than six months).
    /// </summary>
    public TimeSpan AuditRetention { get; set; } = TimeSpan.FromDays(365);

    /// <summary>
    /// How often trail points older than <see cref="TrailRetention"/> and audit lines older than
    /// <see cref="AuditRetention"/> are deleted (default 10 minutes).
    /// </summary>
    public TimeSpan TrailPruneInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How often the write-ahead log is copied into the database file (default 1 s), by a background checkpoint on a
    /// connection of its own: the committer never runs a checkpoint itself, so a commit (and the alarm behind it)
    /// never waits while megabytes of pages are copied and synced.
    /// </summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// A registry import file (JSON, see docs/storage.md) to validate and upsert at every start; optional. A file
    /// with errors stops the start with the errors listed, and nothing of it is written. A relative path is
    /// resolved against the content root.
    /// </summary>
    public string? ImportOnStart { get; set; }

    /// <summary>Reads a <see cref="Provider"/> name, ignoring case; false for an unknown (or numeric) name.</summary>
    public static bool TryParseProvider(string? name, out StorageProvider provider)
    {
        provider = StorageProvider.Sqlite;
        foreach (var known in Enum.GetValues<StorageProvider>())
        {
            if (string.Equals(name, known.ToString(), StringComparison.OrdinalIgnoreCase))
            {
                provider = known;
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// <paramref name="path"/> as a full path: unchanged when absolute, resolved against
    /// <paramref name="contentRootPath"/> when relative.
    /// </summary>
    public static string ResolvePath(string path, string contentRootPath) => Path.GetFullPath(path, contentRootPath);
}
