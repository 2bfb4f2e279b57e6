namespace SafeCommunity.Iot.Storage.Database;

/// <summary>
/// The schema's history (docs/storage.md describes the result). A database records how far it got in
/// <c>PRAGMA user_version</c>; a new gateway applies the steps after that, each in one transaction.
/// </summary>
/// <remarks>
/// Conventions of every step:
/// <list type="bullet">
/// <item>Times are INTEGER unix milliseconds, UTC.</item>
/// <item>Device and receiver kinds are TEXT kebab names (<c>RegistryNames</c>): the registry is small, and a
/// readable row helps an operator with the sqlite3 shell. Location sources are small INTEGERs
/// (<c>LocationSource</c>: 1 gnss, 2 gnss-stale, 3 receivers) because they sit in the big, hot tables.</item>
/// <item>Device ids and counters are uint stored in INTEGER; the replay window is a ulong stored as the long with
/// the same bits.</item>
/// <item>Tables are STRICT, so a wrong type is an error instead of a silently converted value.</item>
/// </list>
/// </remarks>
internal static class SchemaMigrations
{
    /// <summary>Every step, in version order, starting at 1.</summary>
    public static IReadOnlyList<SchemaMigration> All { get; } =
    [
        new(1, "registry, device state and trail", """
            CREATE TABLE communities (
                id          TEXT NOT NULL PRIMARY KEY,
                name        TEXT NOT NULL,
                time_zone   TEXT NOT NULL,
                police_room TEXT NOT NULL
            ) STRICT;

            CREATE TABLE receivers (
                id           TEXT NOT NULL PRIMARY KEY,
                kind         TEXT NOT NULL,
                community_id TEXT NOT NULL REFERENCES communities (id),
                name         TEXT,
                lat          REAL,
                lon          REAL,
                range_m      REAL NOT NULL,
                hardware_id  INTEGER,
                CHECK ((lat IS NULL) = (lon IS NULL))
            ) STRICT;
            CREATE INDEX receivers_community ON receivers (community_id);

            CREATE TABLE devices (
                id                       INTEGER NOT NULL PRIMARY KEY CHECK (id BETWEEN 1 AND 4294967295),
                kind                     TEXT NOT NULL,
                key                      BLOB NOT NULL CHECK (length(key) = 16),
                display_name             TEXT NOT NULL,
                community_id             TEXT NOT NULL REFERENCES communities (id),
                owner                    TEXT NOT NULL,
                dev_eui                  TEXT UNIQUE,
                network_server_device_id TEXT UNIQUE,
                silent_timeout_s         INTEGER,
                low_battery_percent      INTEGER
            ) STRICT;
            CREATE INDEX devices_community ON devices (community_id);

            -- No foreign key to devices on purpose: a device removed while its frames are still in the pipeline
            -- must not make the committer's whole batch fail. RegistryStore.RemoveDevice deletes the rows itself.
            CREATE TABLE device_state (
                device_id        INTEGER NOT NULL PRIMARY KEY,
                last_counter     INTEGER NOT NULL,
                seen_window      INTEGER NOT NULL,
                last_accepted_at INTEGER NOT NULL,
                flags            INTEGER NOT NULL,
                battery          INTEGER NOT NULL,
                last_seen        INTEGER NOT NULL,
                last_receiver_id TEXT NOT NULL,
                lat              REAL,
                lon              REAL,
                accuracy_m       REAL,
                source           INTEGER,
                location_at      INTEGER
            ) STRICT;

            CREATE TABLE trail (
                device_id   INTEGER NOT NULL,
                at          INTEGER NOT NULL,
                lat         REAL NOT NULL,
                lon         REAL NOT NULL,
                accuracy_m  REAL NOT NULL,
                source      INTEGER NOT NULL,
                receiver_id TEXT NOT NULL
            ) STRICT;
            -- "Where has she been": one device's points in a time range.
            CREATE INDEX trail_device_at ON trail (device_id, at);
            -- Pruning deletes by age across all devices; without this it would scan the whole table every time.
            CREATE INDEX trail_at ON trail (at);
            """),
    ];

    /// <summary>The version the code's schema is at.</summary>
    public static int Latest => All[^1].Version;
}
