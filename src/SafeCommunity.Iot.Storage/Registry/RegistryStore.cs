using System.Security.Cryptography;
using System.Data;
using System.Data.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SafeCommunity.Iot.Core.Geodesy;
using SafeCommunity.Iot.Core.Registry;
using SafeCommunity.Iot.Storage.Database;

namespace SafeCommunity.Iot.Storage.Registry;

/// <summary>
/// The registry's source of truth: communities, receivers and devices with their keys. Writes are rare
/// (enrolment, imports), so every call opens its own pooled connection and any thread may call.
/// </summary>
public sealed class RegistryStore
{
    private const string SelectCommunitiesSql = "SELECT id, name, time_zone, police_room FROM communities ORDER BY id;";

    private const string SelectReceiversSql =
        "SELECT id, kind, community_id, name, lat, lon, range_m, hardware_id FROM receivers ORDER BY id;";

    private const string SelectDevicesSql = """
        SELECT id, kind, key, display_name, community_id, owner, dev_eui, network_server_device_id,
               silent_timeout_s, low_battery_percent
        FROM devices ORDER BY id;
        """;

    // ON CONFLICT DO UPDATE, not INSERT OR REPLACE: a replace deletes the row first, which foreign keys forbid for
    // a community that receivers and devices point to.
    private const string UpsertCommunitySql = """
        INSERT INTO communities (id, name, time_zone, police_room) VALUES (@id, @name, @time_zone, @police_room)
        ON CONFLICT (id) DO UPDATE SET name = excluded.name, time_zone = excluded.time_zone, police_room = excluded.police_room;
        """;

    private const string UpsertReceiverSql = """
        INSERT INTO receivers (id, kind, community_id, name, lat, lon, range_m, hardware_id)
        VALUES (@id, @kind, @community_id, @name, @lat, @lon, @range_m, @hardware_id)
        ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, community_id = excluded.community_id, name = excluded.name,
            lat = excluded.lat, lon = excluded.lon, range_m = excluded.range_m, hardware_id = excluded.hardware_id;
        """;

    // Before the upserts, the imported devices let go of their aliases, so that two devices can swap DevEUIs in
    // one import without tripping the UNIQUE constraints halfway through.
    private const string ClearAliasesSql = "UPDATE devices SET dev_eui = NULL, network_server_device_id = NULL WHERE id = @id;";

    private const string UpsertDeviceSql = """
        INSERT INTO devices (id, kind, key, display_name, community_id, owner, dev_eui, network_server_device_id,
                             silent_timeout_s, low_battery_percent)
        VALUES (@id, @kind, @key, @display_name, @community_id, @owner, @dev_eui, @network_server_device_id,
                @silent_timeout_s, @low_battery_percent)
        ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, key = excluded.key, display_name = excluded.display_name,
            community_id = excluded.community_id, owner = excluded.owner, dev_eui = excluded.dev_eui,
            network_server_device_id = excluded.network_server_device_id, silent_timeout_s = excluded.silent_timeout_s,
            low_battery_percent = excluded.low_battery_percent;
        """;

    // A removed device takes its state and trail with it: its positions are personal data with no owner left. One
    // statement each, the devices row last: its count says whether the device was enrolled.
    private static readonly string[] DeleteDeviceSql =
    [
        "DELETE FROM trail WHERE device_id = @id;",
        "DELETE FROM device_state WHERE device_id = @id;",
        "DELETE FROM devices WHERE id = @id;",
    ];

    private readonly GatewayDatabase _database;
    private readonly ILogger _logger;

    /// <summary>Creates the store over <paramref name="database"/>.</summary>
    public RegistryStore(GatewayDatabase database, ILogger<RegistryStore>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
        _logger = logger ?? NullLogger<RegistryStore>.Instance;
    }

    /// <summary>Everything enrolled, read in one consistent snapshot, each list ordered by id.</summary>
    /// <exception cref="InvalidDataException">A row holds a kind this code does not know.</exception>
    public RegistryContents LoadAll()
    {
        using var connection = _database.OpenConnection();
        // A read transaction: the three lists come from the same moment even while an import commits.
        using var transaction = _database.Dialect.BeginRead(connection);
        var communities = ReadCommunities(connection, transaction);
        var receivers = ReadReceivers(connection, transaction);
        var devices = ReadDevices(connection, transaction);
        transaction.Commit();
        return new RegistryContents(communities, receivers, devices);
    }

    /// <summary>
    /// Adds or updates every community, receiver and device of <paramref name="contents"/> in one transaction:
    /// all of it is stored, or (on any error) none of it. Validate untrusted input with
    /// <see cref="RegistryImportFile"/> first; this only enforces the database's constraints.
    /// </summary>
    /// <exception cref="DbException">A constraint failed (unknown community, DevEUI taken, ...); nothing was written.</exception>
    public void Import(RegistryContents contents)
    {
        ArgumentNullException.ThrowIfNull(contents);
        using var connection = _database.OpenConnection();
        using var transaction = _database.Dialect.BeginWrite(connection);
        UpsertCommunities(connection, transaction, contents.Communities);
        UpsertReceivers(connection, transaction, contents.Receivers);
        UpsertDevices(connection, transaction, contents.Devices);
        transaction.Commit();
        StorageLog.RegistryImported(_logger, contents.Communities.Count, contents.Receivers.Count, contents.Devices.Count);
    }

    /// <summary>Removes a device with its stored state and trail; false when no such device was enrolled.</summary>
    public bool RemoveDevice(uint id)
    {
        using var connection = _database.OpenConnection();
        using var transaction = _database.Dialect.BeginWrite(connection);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.AddWithValue("@id", (long)id);
        var changed = 0;
        foreach (var sql in DeleteDeviceSql)
        {
            command.CommandText = sql;
            changed = command.ExecuteNonQuery();
        }

        var removed = changed > 0;
        transaction.Commit();
        if (removed)
        {
            StorageLog.DeviceRemoved(_logger, id);
        }

        return removed;
    }

    private static List<Community> ReadCommunities(DbConnection connection, DbTransaction transaction)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = SelectCommunitiesSql;
        using var reader = command.ExecuteReader();
        var communities = new List<Community>();
        while (reader.Read())
        {
            communities.Add(new Community
            {
                Id = reader.GetString(0),
                Name = reader.GetString(1),
                TimeZoneId = reader.GetString(2),
                PoliceRoom = reader.GetString(3),
            });
        }

        return communities;
    }

    private static List<Receiver> ReadReceivers(DbConnection connection, DbTransaction transaction)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = SelectReceiversSql;
        using var reader = command.ExecuteReader();
        var receivers = new List<Receiver>();
        while (reader.Read())
        {
            var id = reader.GetString(0);
            var kindName = reader.GetString(1);
            if (!RegistryNames.TryParseReceiverKind(kindName, out var kind))
            {
                throw new InvalidDataException($"Receiver '{id}' has the unknown kind '{kindName}' in the database.");
            }

            var latitude = reader.GetDoubleOrNull(4);
            var longitude = reader.GetDoubleOrNull(5);
            receivers.Add(new Receiver
            {
                Id = id,
                Kind = kind,
                CommunityId = reader.GetString(2),
                Name = reader.GetStringOrNull(3),
                Position = latitude is { } lat && longitude is { } lon ? new GeoPoint(lat, lon) : null,
                RangeMetres = reader.GetDouble(6),
                HardwareId = reader.GetInt64OrNull(7) is { } hardwareId ? (uint)hardwareId : null,
            });
        }

        return receivers;
    }

    private static List<Device> ReadDevices(DbConnection connection, DbTransaction transaction)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = SelectDevicesSql;
        using var reader = command.ExecuteReader();
        var devices = new List<Device>();
        while (reader.Read())
        {
            var id = (uint)reader.GetInt64(0);
            var kindName = reader.GetString(1);
            if (!RegistryNames.TryParseDeviceKind(kindName, out var kind))
            {
                throw new InvalidDataException($"Device {id} has the unknown kind '{kindName}' in the database.");
            }

            // DeviceKey copies the bytes; the temporary copy is wiped so that no stray key lingers on the heap.
            var keyBytes = reader.GetFieldValue<byte[]>(2);
            var key = DeviceKey.FromBytes(keyBytes);
            CryptographicOperations.ZeroMemory(keyBytes);
            devices.Add(new Device
            {
                Id = id,
                Kind = kind,
                Key = key,
                DisplayName = reader.GetString(3),
                CommunityId = reader.GetString(4),
                Owner = reader.GetString(5),
                DevEui = reader.GetStringOrNull(6),
                NetworkServerDeviceId = reader.GetStringOrNull(7),
                SilentTimeout = reader.GetInt64OrNull(8) is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
                LowBatteryPercent = reader.GetInt64OrNull(9) is { } percent ? (int)percent : null,
            });
        }

        return devices;
    }

    private static void UpsertCommunities(DbConnection connection, DbTransaction transaction, IReadOnlyList<Community> communities)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = UpsertCommunitySql;
        var id = command.AddParameter("@id", DbType.String);
        var name = command.AddParameter("@name", DbType.String);
        var timeZone = command.AddParameter("@time_zone", DbType.String);
        var policeRoom = command.AddParameter("@police_room", DbType.String);
        foreach (var community in communities)
        {
            id.Value = community.Id;
            name.Value = community.Name;
            timeZone.Value = community.TimeZoneId;
            policeRoom.Value = community.PoliceRoom;
            command.ExecuteNonQuery();
        }
    }

    private static void UpsertReceivers(DbConnection connection, DbTransaction transaction, IReadOnlyList<Receiver> receivers)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = UpsertReceiverSql;
        var id = command.AddParameter("@id", DbType.String);
        var kind = command.AddParameter("@kind", DbType.String);
        var communityId = command.AddParameter("@community_id", DbType.String);
        var name = command.AddParameter("@name", DbType.String);
        var latitude = command.AddParameter("@lat", DbType.Double);
        var longitude = command.AddParameter("@lon", DbType.Double);
        var range = command.AddParameter("@range_m", DbType.Double);
        var hardwareId = command.AddParameter("@hardware_id", DbType.Int64);
        foreach (var receiver in receivers)
        {
            id.Value = receiver.Id;
            kind.Value = receiver.Kind.Name();
            communityId.Value = receiver.CommunityId;
            name.Value = DbValues.OrNull(receiver.Name);
            latitude.Value = DbValues.OrNull(receiver.Position?.Latitude);
            longitude.Value = DbValues.OrNull(receiver.Position?.Longitude);
            range.Value = receiver.RangeMetres;
            hardwareId.Value = DbValues.OrNull((long?)receiver.HardwareId);
            command.ExecuteNonQuery();
        }
    }

    private static void UpsertDevices(DbConnection connection, DbTransaction transaction, IReadOnlyList<Device> devices)
    {
        using (var clear = connection.CreateCommand())
        {
            clear.Transaction = transaction;
            clear.CommandText = ClearAliasesSql;
            var clearId = clear.AddParameter("@id", DbType.Int64);
            foreach (var device in devices)
            {
                clearId.Value = (long)device.Id;
                clear.ExecuteNonQuery();
            }
        }

        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = UpsertDeviceSql;
        var id = command.AddParameter("@id", DbType.Int64);
        var kind = command.AddParameter("@kind", DbType.String);
        var key = command.AddParameter("@key", DbType.Binary);
        var displayName = command.AddParameter("@display_name", DbType.String);
        var communityId = command.AddParameter("@community_id", DbType.String);
        var owner = command.AddParameter("@owner", DbType.String);
        var devEui = command.AddParameter("@dev_eui", DbType.String);
        var networkServerId = command.AddParameter("@network_server_device_id", DbType.String);
        var silentTimeout = command.AddParameter("@silent_timeout_s", DbType.Int64);
        var lowBattery = command.AddParameter("@low_battery_percent", DbType.Int64);
        var keyBytes = new byte[DeviceKey.Length];
        try
        {
            key.Value = keyBytes;
            foreach (var device in devices)
            {
                id.Value = (long)device.Id;
                kind.Value = device.Kind.Name();
                device.Key.Bytes.CopyTo(keyBytes);
                displayName.Value = device.DisplayName;
                communityId.Value = device.CommunityId;
                owner.Value = device.Owner;
                devEui.Value = DbValues.OrNull(device.DevEui);
                networkServerId.Value = DbValues.OrNull(device.NetworkServerDeviceId);
                silentTimeout.Value = DbValues.OrNull(device.SilentTimeout is { } timeout ? (long)timeout.TotalSeconds : (long?)null);
                lowBattery.Value = DbValues.OrNull((long?)device.LowBatteryPercent);
                command.ExecuteNonQuery();
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(keyBytes);
        }
    }
}
