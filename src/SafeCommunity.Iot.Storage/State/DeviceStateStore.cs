using System.Diagnostics;
using System.Data.Common;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SafeCommunity.Iot.Core.Geodesy;
using SafeCommunity.Iot.Core.State;
using SafeCommunity.Iot.Protocol.Radio;
using SafeCommunity.Iot.Storage.Alarms;
using SafeCommunity.Iot.Storage.Database;

namespace SafeCommunity.Iot.Storage.State;

/// <summary>
/// Device state and trails in the gateway database, as <see cref="StateAndAlarmWriter"/> stored them. Every read
/// opens its own pooled connection, so reads from API threads run alongside a commit (WAL: readers see the last
/// committed batch and never wait for the writer).
/// </summary>
/// <remarks>
/// Times are stored as unix milliseconds: what comes back is UTC, to the millisecond. A removed device's state
/// row is deleted with it; a batch already in flight may write it back, which is harmless (no device, no use).
/// </remarks>
public sealed class DeviceStateStore : IDeviceStateStore
{
    /// <summary>Trail rows deleted per transaction while pruning, so that the committer never waits long for the lock.</summary>
    public const int PruneChunkSize = 5000;

    private const string SelectStateColumns = """
        SELECT device_id, last_counter, seen_window, last_accepted_at, flags, battery, last_seen, last_receiver_id,
               lat, lon, accuracy_m, source, location_at, rules
        FROM device_state
        """;

    // Newest first so that LIMIT keeps the newest points; the caller gets them back oldest first. Two points at one
    // millisecond come in the order they were stored (the dialect's insertion order column: on SQLite the rowid, at
    // the end of the (device_id, at) index, so this order is an index walk with no sort).
    private const string SelectTrailSqlFormat = """
        SELECT at, lat, lon, accuracy_m, source, receiver_id FROM trail
        WHERE device_id = @device_id AND at >= @since AND at <= @until
        ORDER BY at DESC, {0} DESC
        LIMIT @limit;
        """;

    private readonly GatewayDatabase _database;
    private readonly ILogger _logger;
    private readonly string _selectTrailSql;

    /// <summary>Creates the store over <paramref name="database"/>.</summary>
    public DeviceStateStore(GatewayDatabase database, ILogger<DeviceStateStore>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
        _logger = logger ?? NullLogger<DeviceStateStore>.Instance;
        _selectTrailSql = SelectTrailSqlFormat.Replace("{0}", database.Dialect.TrailInsertOrder, StringComparison.Ordinal);
    }

    /// <inheritdoc />
    public IReadOnlyList<DeviceStateSnapshot> LoadAll()
    {
        var started = Stopwatch.GetTimestamp();
        using var connection = _database.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = SelectStateColumns + " ORDER BY device_id;";
        using var reader = command.ExecuteReader();
        var states = new List<DeviceStateSnapshot>();

        // A few hundred receivers hear 140,000 devices: share one string per receiver id instead of one per row.
        var receiverIds = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.Read())
        {
            states.Add(ReadState(reader, receiverIds));
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        StorageLog.StatesLoaded(_logger, states.Count, elapsed.TotalMilliseconds);
        return states;
    }

    /// <inheritdoc />
    /// <remarks>
    /// There is no index on <c>last_seen</c>: every state write changes it, and an index would cost each of them more
    /// than the scan costs the few reads (docs/scale-out.md measures it).
    /// </remarks>
    public IReadOnlyList<DeviceStateSnapshot> LoadHeardSince(DateTimeOffset since)
    {
        using var connection = _database.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = SelectStateColumns + " WHERE last_seen > @since ORDER BY device_id;";
        command.AddWithValue("@since", DbValues.ToUnixMilliseconds(since));
        using var reader = command.ExecuteReader();
        var states = new List<DeviceStateSnapshot>();
        var receiverIds = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.Read())
        {
            states.Add(ReadState(reader, receiverIds));
        }

        return states;
    }

    /// <inheritdoc />
    public DeviceStateSnapshot? Find(uint deviceId)
    {
        using var connection = _database.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = SelectStateColumns + " WHERE device_id = @device_id;";
        command.AddWithValue("@device_id", (long)deviceId);
        using var reader = command.ExecuteReader();
        return reader.Read() ? ReadState(reader, receiverIds: null) : null;
    }

    /// <inheritdoc />
    /// <remarks>Both ends are inclusive.</remarks>
    public IReadOnlyList<TrailPoint> GetTrail(uint deviceId, DateTimeOffset since, DateTimeOffset until, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        if (limit == 0 || until < since)
        {
            return [];
        }

        using var connection = _database.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = _selectTrailSql;
        command.AddWithValue("@device_id", (long)deviceId);
        command.AddWithValue("@since", DbValues.ToUnixMilliseconds(since));
        command.AddWithValue("@until", DbValues.ToUnixMilliseconds(until));
        command.AddWithValue("@limit", (long)limit);
        using var reader = command.ExecuteReader();
        var points = new List<TrailPoint>();
        while (reader.Read())
        {
            var location = new Location(
                new GeoPoint(reader.GetDouble(1), reader.GetDouble(2)),
                reader.GetDouble(3),
                (LocationSource)reader.GetInt64(4),
                DbValues.FromUnixMilliseconds(reader.GetInt64(0)));
            points.Add(new TrailPoint(deviceId, location, reader.GetString(5)));
        }

        points.Reverse();
        return points;
    }

    /// <inheritdoc />
    /// <remarks>
    /// Deletes in chunks of <see cref="PruneChunkSize"/> rows, each its own transaction, on its own connection:
    /// a week of trail can be millions of rows, and one long delete would hold the write lock and stall the
    /// committer (and with it alarm latency).
    /// </remarks>
    public int PruneTrail(DateTimeOffset olderThan) => _database.DeleteOlderThan("trail", olderThan, PruneChunkSize);

    /// <summary>
    /// The rules' memory as stored, or none when the JSON does not parse (a damaged row must not stop the start: the
    /// rules then begin afresh for that device, as for one never heard).
    /// </summary>
    private static DeviceRuleMemory? ReadRules(string json)
    {
        try
        {
            return JsonSerializer.Deserialize(json, StorageJson.Rules);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static DeviceStateSnapshot ReadState(DbDataReader reader, Dictionary<string, string>? receiverIds)
    {
        Location? location = null;
        if (!reader.IsDBNull(8))
        {
            location = new Location(
                new GeoPoint(reader.GetDouble(8), reader.GetDouble(9)),
                reader.GetDouble(10),
                (LocationSource)reader.GetInt64(11),
                DbValues.FromUnixMilliseconds(reader.GetInt64(12)));
        }

        var receiverId = reader.GetString(7);
        if (receiverIds is not null)
        {
            if (receiverIds.TryGetValue(receiverId, out var shared))
            {
                receiverId = shared;
            }
            else
            {
                receiverIds.Add(receiverId, receiverId);
            }
        }

        return new DeviceStateSnapshot(
            DeviceId: (uint)reader.GetInt64(0),
            LastCounter: (uint)reader.GetInt64(1),
            SeenWindow: DbValues.ToBits(reader.GetInt64(2)),
            LastAcceptedAt: DbValues.FromUnixMilliseconds(reader.GetInt64(3)),
            Flags: (DeviceStatusFlags)reader.GetInt64(4),
            Battery: (byte)reader.GetInt64(5),
            LastSeen: DbValues.FromUnixMilliseconds(reader.GetInt64(6)),
            LastReceiverId: receiverId,
            LastLocation: location,
            Rules: reader.GetStringOrNull(13) is { } rules ? ReadRules(rules) : null);
    }
}
