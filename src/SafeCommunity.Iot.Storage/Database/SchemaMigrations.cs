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
/// <item>Alarm kinds, alarm states and alarm event types are TEXT kebab names too (<c>StoredNames</c>), alarm
/// severities the INTEGER values of <c>AlarmSeverity</c> (a minimum severity is a comparison). JSON in a column
/// (an alarm snapshot, receiver ids) is written by <c>StorageJsonContext</c> with the same kebab enum names.</item>
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

        new(2, "alarms, alarm events and theft reports", """
            -- One row per alarm: its latest state, the snapshot of its newest event (last_sequence). Kinds, states
            -- and event types are TEXT kebab names (sos, moved-while-armed, acknowledged); severity is the INTEGER
            -- value of AlarmSeverity (1 low .. 4 critical) so that "at least high" is a comparison. No foreign
            -- keys to the registry: an alarm outlives the device or receiver it was about, and the committer's
            -- batch must never fail on a registry change.
            CREATE TABLE alarms (
                id              INTEGER NOT NULL PRIMARY KEY CHECK (id >= 1),
                kind            TEXT NOT NULL,
                severity        INTEGER NOT NULL,
                condition_key   TEXT NOT NULL,
                device_id       INTEGER CHECK (device_id BETWEEN 0 AND 4294967295),
                receiver_id     TEXT,
                subject         TEXT NOT NULL,
                home_community  TEXT NOT NULL,
                seen_community  TEXT,
                lat             REAL,
                lon             REAL,
                accuracy_m      REAL,
                source          INTEGER,
                location_at     INTEGER,
                receiver_ids    TEXT NOT NULL CHECK (json_type(receiver_ids) = 'array'),
                first_seen      INTEGER NOT NULL,
                last_seen       INTEGER NOT NULL,
                count           INTEGER NOT NULL,
                state           TEXT NOT NULL,
                acknowledged_by TEXT,
                acknowledged_at INTEGER,
                resolved_by     TEXT,
                resolved_at     INTEGER,
                resolution_note TEXT,
                escalated_at    INTEGER,
                detail          TEXT,
                last_sequence   INTEGER NOT NULL,
                CHECK ((lat IS NULL) = (lon IS NULL) AND (lat IS NULL) = (accuracy_m IS NULL)
                       AND (lat IS NULL) = (source IS NULL) AND (lat IS NULL) = (location_at IS NULL))
            ) STRICT;
            -- The alarm lifecycle loads the active ones at start; resolved alarms pile up, active ones stay few.
            CREATE INDEX alarms_active ON alarms (state) WHERE state <> 'resolved';
            CREATE INDEX alarms_device ON alarms (device_id);
            CREATE INDEX alarms_home_community ON alarms (home_community);

            -- The alarm stream. sequence is the gap-free number the pipeline assigns (a rowid alias, so "after N"
            -- is a range scan of the table itself); it is always given, never generated, and a duplicate fails the
            -- whole batch. snapshot is the alarm after the event as JSON; kind .. seen_community repeat some of it
            -- for filtering a stream without parsing JSON.
            CREATE TABLE alarm_events (
                sequence        INTEGER NOT NULL PRIMARY KEY CHECK (sequence >= 1),
                alarm_id        INTEGER NOT NULL REFERENCES alarms (id),
                type            TEXT NOT NULL,
                at              INTEGER NOT NULL,
                actor           TEXT,
                kind            TEXT NOT NULL,
                severity        INTEGER NOT NULL,
                device_id       INTEGER,
                home_community  TEXT NOT NULL,
                seen_community  TEXT,
                snapshot        TEXT NOT NULL CHECK (json_valid(snapshot))
            ) STRICT;
            -- One alarm's history in order (a stolen bike's sightings), and the foreign key's child lookup.
            CREATE INDEX alarm_events_alarm ON alarm_events (alarm_id, sequence);

            -- Owners' theft reports; a report is active while recovered_at is null.
            CREATE TABLE theft_reports (
                id                   INTEGER PRIMARY KEY AUTOINCREMENT,
                device_id            INTEGER NOT NULL CHECK (device_id BETWEEN 1 AND 4294967295),
                police_report_number TEXT NOT NULL,
                stolen_at            INTEGER NOT NULL,
                last_seen_place      TEXT,
                description          TEXT,
                reported_by          TEXT NOT NULL,
                reported_at          INTEGER NOT NULL,
                recovered_at         INTEGER
            ) STRICT;
            CREATE INDEX theft_reports_device ON theft_reports (device_id);
            """),

        new(3, "geofences", """
            -- One row per fence: the fence as one GeoJSON Feature (what GeofenceGeoJson writes), keyed by its id.
            -- The store does not parse it; the geofence catalog does at start, and skips (and logs) a row that no
            -- longer reads as a valid fence. updated_at is when the row was last written (unix ms, UTC).
            CREATE TABLE geofences (
                id         TEXT NOT NULL PRIMARY KEY,
                feature    TEXT NOT NULL CHECK (json_valid(feature)),
                updated_at INTEGER NOT NULL
            ) STRICT;
            """),

        new(4, "tokens and audit log", """
            -- API bearer tokens. The secret is never stored, only its SHA-256. community_ids is a JSON array of
            -- community ids (post tokens); principal is the household or owner (family and owner tokens).
            CREATE TABLE api_tokens (
                id            TEXT NOT NULL PRIMARY KEY,
                name          TEXT NOT NULL,
                role          TEXT NOT NULL,
                community_ids TEXT NOT NULL CHECK (json_valid(community_ids)),
                principal     TEXT,
                secret_hash   BLOB NOT NULL CHECK (length(secret_hash) = 32),
                created_at    INTEGER NOT NULL,
                created_by    TEXT NOT NULL,
                expires_at    INTEGER,
                revoked_at    INTEGER
            ) STRICT;

            -- Who read whose location, reported a bike, handled an alarm or changed a token. Append-only.
            CREATE TABLE audit_log (
                id       INTEGER PRIMARY KEY AUTOINCREMENT,
                at       INTEGER NOT NULL,
                token_id TEXT NOT NULL,
                actor    TEXT NOT NULL,
                action   TEXT NOT NULL,
                target   TEXT NOT NULL,
                detail   TEXT
            ) STRICT;
            CREATE INDEX audit_log_at ON audit_log (at);
            """),

        new(5, "one open theft report per bike", """
            -- Two reports of one bike made at the same moment could both be stored before this version. The earliest
            -- stays open; a later duplicate is closed at the moment it was reported, so the history keeps it.
            UPDATE theft_reports SET recovered_at = reported_at
            WHERE recovered_at IS NULL
              AND id NOT IN (SELECT min(id) FROM theft_reports WHERE recovered_at IS NULL GROUP BY device_id);
            CREATE UNIQUE INDEX theft_reports_one_open ON theft_reports (device_id) WHERE recovered_at IS NULL;
            """),

        new(6, "alarms by when they were raised", """
            -- Community reports read the alarms raised in a period; without this they would scan every alarm ever.
            CREATE INDEX alarms_first_seen ON alarms (first_seen);
            """),

        new(7, "notification subscriptions and outbox", """
            -- Who is told of what (docs/notifications.md). The scope is copied from the token that made it (role,
            -- principal, community_ids) and never widened; device_ids and kinds narrow it (JSON arrays, empty for
            -- all). Quiet hours are minutes of the day in quiet_time_zone. secret signs webhook bodies (HMAC-SHA256):
            -- it has to be readable to sign, so it is stored as given, like a password of an outgoing connection.
            CREATE TABLE notification_subscriptions (
                id              TEXT NOT NULL PRIMARY KEY,
                name            TEXT NOT NULL,
                role            TEXT NOT NULL,
                principal       TEXT,
                community_ids   TEXT NOT NULL CHECK (json_valid(community_ids)),
                device_ids      TEXT NOT NULL CHECK (json_valid(device_ids)),
                kinds           TEXT NOT NULL CHECK (json_valid(kinds)),
                min_severity    INTEGER NOT NULL,
                level           TEXT NOT NULL,
                quiet_from      INTEGER CHECK (quiet_from BETWEEN 0 AND 1439),
                quiet_until     INTEGER CHECK (quiet_until BETWEEN 0 AND 1439),
                quiet_time_zone TEXT,
                language        TEXT NOT NULL,
                channel         TEXT NOT NULL,
                address         TEXT NOT NULL,
                secret          TEXT,
                created_by      TEXT NOT NULL,
                created_at      INTEGER NOT NULL,
                CHECK ((quiet_from IS NULL) = (quiet_until IS NULL) AND (quiet_from IS NULL) = (quiet_time_zone IS NULL))
            ) STRICT;

            -- The outbox: one row per notification, written by the committer in the transaction of the alarm event
            -- that causes it, so an event is never stored without its notifications or the other way round. The
            -- texts are final when written: every retry sends the same bytes. (subscription_id, sequence) is unique:
            -- one notice per subscriber and event, whatever happens. No foreign keys: a removed subscription's history
            -- stays, and the committer's batch must never fail on a subscription change.
            CREATE TABLE notification_outbox (
                id              INTEGER PRIMARY KEY AUTOINCREMENT,
                subscription_id TEXT NOT NULL,
                alarm_id        INTEGER NOT NULL,
                sequence        INTEGER NOT NULL,
                level           TEXT NOT NULL,
                channel         TEXT NOT NULL,
                address         TEXT NOT NULL,
                subject         TEXT NOT NULL,
                text            TEXT NOT NULL,
                payload         TEXT NOT NULL CHECK (json_valid(payload)),
                state           TEXT NOT NULL,
                attempts        INTEGER NOT NULL,
                first_due_at    INTEGER NOT NULL,
                due_at          INTEGER NOT NULL,
                last_error      TEXT,
                finished_at     INTEGER,
                UNIQUE (subscription_id, sequence)
            ) STRICT;
            -- The delivery service's question, "what is due", over the few pending rows only.
            CREATE INDEX notification_outbox_due ON notification_outbox (due_at) WHERE state = 'pending';
            CREATE INDEX notification_outbox_alarm ON notification_outbox (alarm_id);
            CREATE INDEX notification_outbox_dead ON notification_outbox (finished_at) WHERE state = 'dead';
            """),
        new(8, "alarm numbers shared by every gateway of the store", """
            -- The last alarm event sequence and the last alarm id handed out. A commit with alarm events takes its
            -- numbers here, in its own transaction, and gateways sharing a store reserve blocks of alarm ids here, so
            -- numbers stay gap-free and unique whichever gateway stores an event (docs/scale-out.md).
            CREATE TABLE alarm_counters (
                id            INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
                last_sequence INTEGER NOT NULL,
                last_alarm_id INTEGER NOT NULL
            ) STRICT;
            INSERT INTO alarm_counters (id, last_sequence, last_alarm_id)
            VALUES (1, (SELECT coalesce(max(sequence), 0) FROM alarm_events), (SELECT coalesce(max(id), 0) FROM alarms));
            """),
        new(9, "receptions of each device's newest frame, merged across gateways", """
            -- Gateways sharing a store accept a frame counter once between them (a conditional update of
            -- last_counter and seen_window); the one that accepts keeps its receptions of the frame here (JSON), and
            -- another gateway hearing the same frame within the duplicate window merges its receptions into them.
            ALTER TABLE device_state ADD COLUMN receptions TEXT;
            """),
        new(10, "what the alarm rules remember of each device", """
            -- Latches, geofence crossings pending or confirmed, a silence reported (JSON; NULL when there is nothing):
            -- written with the device's state, so a restart or another gateway sharing the store carries on with them.
            ALTER TABLE device_state ADD COLUMN rules TEXT;
            """),
    ];

    /// <summary>The version the code's schema is at.</summary>
    public static int Latest => All[^1].Version;
}
