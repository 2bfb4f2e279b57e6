using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SafeCommunity.Iot.Storage.Database;

/// <summary>
/// A database file that SQLite finds damaged (<c>SQLITE_CORRUPT</c>, <c>SQLITE_NOTADB</c>): a disk or a copy went
/// wrong, not a crash (SQLite recovers from those by itself). The gateway does not run on it: frame counters it cannot
/// read could let a recorded frame be replayed. It stops with one clear log line and <see cref="ExitCode"/>, so an
/// operator (or a service manager told not to restart on that code) sees what to do instead of a crash loop.
/// </summary>
public static class DatabaseDamage
{
    /// <summary>The process exit code of a gateway stopped by a damaged database.</summary>
    public const int ExitCode = 3;

    /// <summary>SQLITE_CORRUPT.</summary>
    internal const int SqliteCorrupt = 11;

    /// <summary>SQLITE_NOTADB.</summary>
    internal const int SqliteNotADatabase = 26;

    /// <summary>
    /// Logs the damage when the gateway failed because its database is damaged: <paramref name="exception"/> (or one
    /// inside it) is SQLite saying so, or SQLite's quick check of the file finds it (a failure in a background service
    /// reaches the host only as a cancelled start). The quick check's finding is added to SQLite's error either way,
    /// because only it says where the damage is (which page, which table), and that decides between a restore and a
    /// salvage.
    /// </summary>
    /// <returns>Whether the database is damaged.</returns>
    public static bool TryReport(Exception exception, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var database = services.GetRequiredService<GatewayDatabase>();
        var error = Find(exception)?.Message;
        var finding = database.FindDamage();
        var reason = (error, finding) switch
        {
            (null, null) => null,
            (not null, null) => error,
            (null, not null) => finding,
            _ when string.Equals(error, finding, StringComparison.Ordinal) => error,
            _ => $"{error}; {finding}",
        };
        if (reason is null)
        {
            return false;
        }

        var logger = services.GetRequiredService<ILogger<GatewayDatabase>>();
        StorageLog.DatabaseDamaged(logger, database.DatabasePath, reason, ExitCode);
        return true;
    }

    /// <summary>The SQLite error in <paramref name="exception"/> or its inner exceptions that says the file is damaged; null when there is none.</summary>
    public static SqliteException? Find(Exception? exception)
    {
        var pending = new Stack<Exception>();
        if (exception is not null)
        {
            pending.Push(exception);
        }

        while (pending.TryPop(out var current))
        {
            if (current is SqliteException { SqliteErrorCode: SqliteCorrupt or SqliteNotADatabase } damage)
            {
                return damage;
            }

            if (current is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions)
                {
                    pending.Push(inner);
                }
            }
            else if (current.InnerException is { } inner)
            {
                pending.Push(inner);
            }
        }

        return null;
    }
}
