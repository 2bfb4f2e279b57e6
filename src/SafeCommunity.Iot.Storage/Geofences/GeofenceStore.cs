using System.Data;
using System.Data.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SafeCommunity.Iot.Core.Geofencing;
using SafeCommunity.Iot.Storage.Database;

namespace SafeCommunity.Iot.Storage.Geofences;

/// <summary>
/// The geofences in the gateway database (table <c>geofences</c>, schema version 3): one GeoJSON Feature text per
/// fence id. The text is stored as given and never parsed here; the geofence catalog reads it. Every call opens
/// its own pooled connection, so any thread may call.
/// </summary>
public sealed class GeofenceStore : IGeofenceStore
{
    private const string SelectAllSql = "SELECT id, feature, updated_at FROM geofences ORDER BY id;";

    private const string UpsertSql = """
        INSERT INTO geofences (id, feature, updated_at) VALUES (@id, @feature, @updated_at)
        ON CONFLICT (id) DO UPDATE SET feature = excluded.feature, updated_at = excluded.updated_at;
        """;

    private const string DeleteSql = "DELETE FROM geofences WHERE id = @id;";

    private readonly GatewayDatabase _database;
    private readonly ILogger _logger;

    /// <summary>Creates the store over <paramref name="database"/>.</summary>
    public GeofenceStore(GatewayDatabase database, ILogger<GeofenceStore>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
        _logger = logger ?? NullLogger<GeofenceStore>.Instance;
    }

    /// <inheritdoc />
    /// <remarks>Times come back in UTC, to the millisecond.</remarks>
    public IReadOnlyList<StoredGeofence> LoadAll()
    {
        using var connection = _database.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = SelectAllSql;
        using var reader = command.ExecuteReader();
        var fences = new List<StoredGeofence>();
        while (reader.Read())
        {
            fences.Add(new StoredGeofence(reader.GetString(0), reader.GetString(1), reader.GetTime(2)));
        }

        return fences;
    }

    /// <inheritdoc />
    /// <remarks>
    /// One write transaction (SQLite: <c>BEGIN IMMEDIATE</c>) with one prepared upsert. When the list names an id twice, the later
    /// entry wins. <see cref="StoredGeofence.UpdatedAt"/> is stored to the millisecond.
    /// </remarks>
    /// <exception cref="ArgumentException">An entry is null, has an empty id or has no feature text; nothing was written.</exception>
    /// <exception cref="DbException">A feature is not JSON (the table checks it); nothing was written.</exception>
    public void SaveAll(IReadOnlyList<StoredGeofence> fences)
    {
        ArgumentNullException.ThrowIfNull(fences);
        for (var i = 0; i < fences.Count; i++)
        {
            var fence = fences[i] ?? throw new ArgumentException($"Entry {i} is null.", nameof(fences));
            if (string.IsNullOrWhiteSpace(fence.Id))
            {
                throw new ArgumentException($"Entry {i} has no id.", nameof(fences));
            }

            if (string.IsNullOrWhiteSpace(fence.FeatureJson))
            {
                throw new ArgumentException($"Fence '{fence.Id}' has no feature text.", nameof(fences));
            }
        }

        if (fences.Count == 0)
        {
            return;
        }

        using var connection = _database.OpenConnection();
        using var transaction = _database.Dialect.BeginWrite(connection);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = UpsertSql;
        var id = command.AddParameter("@id", DbType.String);
        var feature = command.AddParameter("@feature", DbType.String);
        var updatedAt = command.AddParameter("@updated_at", DbType.Int64);
        command.Prepare();
        foreach (var fence in fences)
        {
            id.Value = fence.Id;
            feature.Value = fence.FeatureJson;
            updatedAt.Value = DbValues.ToUnixMilliseconds(fence.UpdatedAt);
            command.ExecuteNonQuery();
        }

        transaction.Commit();
        StorageLog.GeofencesSaved(_logger, fences.Count);
    }

    /// <inheritdoc />
    public bool Delete(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        using var connection = _database.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = DeleteSql;
        command.AddWithValue("@id", id);
        var deleted = command.ExecuteNonQuery() > 0;
        if (deleted)
        {
            StorageLog.GeofenceDeleted(_logger, id);
        }

        return deleted;
    }
}
