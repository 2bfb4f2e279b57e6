namespace SafeCommunity.Iot.Storage.Database;

/// <summary>
/// The schema's history on PostgreSQL: the same logical tables, columns, constraints and indexes as
/// <see cref="SchemaMigrations"/> on SQLite, numbered with the same versions. A database records how far it got in
/// the one-row table <c>schema_version</c>; a new gateway applies the steps after that, each in one transaction.
/// </summary>
/// <remarks>
/// PostgreSQL support began at version 5, so its first step creates the whole schema of version 5 at once. A later
/// change is a new step here and in <see cref="SchemaMigrations"/>, with the same number. Type names differ from
/// SQLite's: INTEGER is <c>BIGINT</c> (ids, counters, unix milliseconds all need 64 bits), REAL is
/// <c>DOUBLE PRECISION</c>, BLOB is <c>BYTEA</c>. SQLite's <c>AUTOINCREMENT</c> ids are identity columns (never
/// reused either); the trail gets an identity column too, in place of SQLite's rowid. Alarm event sequence numbers
/// stay plain given values (a PostgreSQL sequence has gaps after a rollback).
/// </remarks>
internal static class PostgreSqlSchema
{
    /// <summary>Every step, in version order.</summary>
    public static IReadOnlyList<SchemaMigration> All { get; } =
    [
        new(5, "the schema of version 5: registry, device state, trail, alarms, theft reports, geofences, tokens and audit log", """
            CREATE TABLE communities (
                id          TEXT NOT NULL PRIMARY KEY,
                name        TEXT NOT NULL,
                time_zone   TEXT NOT NULL,
                police_room TEXT NOT NULL
            );

            CREATE TABLE receivers (
                id           TEXT NOT NULL PRIMARY KEY,
                kind         TEXT NOT NULL,
                community_id TEXT NOT NULL REFERENCES communities (id),
                name         TEXT,
                lat          DOUBLE PRECISION,
                lon          DOUBLE PRECISION,
                range_m      DOUBLE PRECISION NOT NULL,
                hardware_id  BIGINT,
                CHECK ((lat IS NULL) = (lon IS NULL))
            );
            CREATE INDEX receivers_community ON receivers (community_id);

            CREATE TABLE devices (
                id                       BIGINT NOT NULL PRIMARY KEY CHECK (id BETWEEN 1 AND 4294967295),
                kind                     TEXT NOT NULL,
                key                      BYTEA NOT NULL CHECK (octet_length(key) = 16),
                display_name             TEXT NOT NULL,
                community_id             TEXT NOT NULL REFERENCES communities (id),
                owner                    TEXT NOT NULL,
                dev_eui                  TEXT UNIQUE,
                network_server_device_id TEXT UNIQUE,
                silent_timeout_s         BIGINT,
                low_battery_percent      BIGINT
            );
            CREATE INDEX devices_community ON devices (community_id);

            -- No foreign key to devices on purpose (see the SQLite schema).
            CREATE TABLE device_state (
                device_id        BIGINT NOT NULL PRIMARY KEY,
                last_counter     BIGINT NOT NULL,
                seen_window      BIGINT NOT NULL,
                last_accepted_at BIGINT NOT NULL,
                flags            BIGINT NOT NULL,
                battery          BIGINT NOT NULL,
                last_seen        BIGINT NOT NULL,
                last_receiver_id TEXT NOT NULL,
                lat              DOUBLE PRECISION,
                lon              DOUBLE PRECISION,
                accuracy_m       DOUBLE PRECISION,
                source           BIGINT,
                location_at      BIGINT
            );

            -- id stands in for SQLite's rowid: the order of two points of one device at the same millisecond.
            CREATE TABLE trail (
                id          BIGINT GENERATED ALWAYS AS IDENTITY,
                device_id   BIGINT NOT NULL,
                at          BIGINT NOT NULL,
                lat         DOUBLE PRECISION NOT NULL,
                lon         DOUBLE PRECISION NOT NULL,
                accuracy_m  DOUBLE PRECISION NOT NULL,
                source      BIGINT NOT NULL,
                receiver_id TEXT NOT NULL
            );
            CREATE INDEX trail_device_at ON trail (device_id, at);
            CREATE INDEX trail_at ON trail (at);

            CREATE TABLE alarms (
                id              BIGINT NOT NULL PRIMARY KEY CHECK (id >= 1),
                kind            TEXT NOT NULL,
                severity        BIGINT NOT NULL,
                condition_key   TEXT NOT NULL,
                device_id       BIGINT CHECK (device_id BETWEEN 0 AND 4294967295),
                receiver_id     TEXT,
                subject         TEXT NOT NULL,
                home_community  TEXT NOT NULL,
                seen_community  TEXT,
                lat             DOUBLE PRECISION,
                lon             DOUBLE PRECISION,
                accuracy_m      DOUBLE PRECISION,
                source          BIGINT,
                location_at     BIGINT,
                receiver_ids    TEXT NOT NULL CHECK (json_typeof(receiver_ids::json) = 'array'),
                first_seen      BIGINT NOT NULL,
                last_seen       BIGINT NOT NULL,
                count           BIGINT NOT NULL,
                state           TEXT NOT NULL,
                acknowledged_by TEXT,
                acknowledged_at BIGINT,
                resolved_by     TEXT,
                resolved_at     BIGINT,
                resolution_note TEXT,
                escalated_at    BIGINT,
                detail          TEXT,
                last_sequence   BIGINT NOT NULL,
                CHECK ((lat IS NULL) = (lon IS NULL) AND (lat IS NULL) = (accuracy_m IS NULL)
                       AND (lat IS NULL) = (source IS NULL) AND (lat IS NULL) = (location_at IS NULL))
            );
            CREATE INDEX alarms_active ON alarms (state) WHERE state <> 'resolved';
            CREATE INDEX alarms_device ON alarms (device_id);
            CREATE INDEX alarms_home_community ON alarms (home_community);

            -- sequence is always given by the pipeline, never generated: no identity, no sequence object.
            CREATE TABLE alarm_events (
                sequence        BIGINT NOT NULL PRIMARY KEY CHECK (sequence >= 1),
                alarm_id        BIGINT NOT NULL REFERENCES alarms (id),
                type            TEXT NOT NULL,
                at              BIGINT NOT NULL,
                actor           TEXT,
                kind            TEXT NOT NULL,
                severity        BIGINT NOT NULL,
                device_id       BIGINT,
                home_community  TEXT NOT NULL,
                seen_community  TEXT,
                snapshot        TEXT NOT NULL CHECK (snapshot::json IS NOT NULL)
            );
            CREATE INDEX alarm_events_alarm ON alarm_events (alarm_id, sequence);

            CREATE TABLE theft_reports (
                id                   BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
                device_id            BIGINT NOT NULL CHECK (device_id BETWEEN 1 AND 4294967295),
                police_report_number TEXT NOT NULL,
                stolen_at            BIGINT NOT NULL,
                last_seen_place      TEXT,
                description          TEXT,
                reported_by          TEXT NOT NULL,
                reported_at          BIGINT NOT NULL,
                recovered_at         BIGINT
            );
            CREATE INDEX theft_reports_device ON theft_reports (device_id);
            CREATE UNIQUE INDEX theft_reports_one_open ON theft_reports (device_id) WHERE recovered_at IS NULL;

            CREATE TABLE geofences (
                id         TEXT NOT NULL PRIMARY KEY,
                feature    TEXT NOT NULL CHECK (feature::json IS NOT NULL),
                updated_at BIGINT NOT NULL
            );

            CREATE TABLE api_tokens (
                id            TEXT NOT NULL PRIMARY KEY,
                name          TEXT NOT NULL,
                role          TEXT NOT NULL,
                community_ids TEXT NOT NULL CHECK (community_ids::json IS NOT NULL),
                principal     TEXT,
                secret_hash   BYTEA NOT NULL CHECK (octet_length(secret_hash) = 32),
                created_at    BIGINT NOT NULL,
                created_by    TEXT NOT NULL,
                expires_at    BIGINT,
                revoked_at    BIGINT
            );

            CREATE TABLE audit_log (
                id       BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
                at       BIGINT NOT NULL,
                token_id TEXT NOT NULL,
                actor    TEXT NOT NULL,
                action   TEXT NOT NULL,
                target   TEXT NOT NULL,
                detail   TEXT
            );
            CREATE INDEX audit_log_at ON audit_log (at);
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
                community_ids   TEXT NOT NULL CHECK (community_ids::json IS NOT NULL),
                device_ids      TEXT NOT NULL CHECK (device_ids::json IS NOT NULL),
                kinds           TEXT NOT NULL CHECK (kinds::json IS NOT NULL),
                min_severity    BIGINT NOT NULL,
                level           TEXT NOT NULL,
                quiet_from      BIGINT CHECK (quiet_from BETWEEN 0 AND 1439),
                quiet_until     BIGINT CHECK (quiet_until BETWEEN 0 AND 1439),
                quiet_time_zone TEXT,
                language        TEXT NOT NULL,
                channel         TEXT NOT NULL,
                address         TEXT NOT NULL,
                secret          TEXT,
                created_by      TEXT NOT NULL,
                created_at      BIGINT NOT NULL,
                CHECK ((quiet_from IS NULL) = (quiet_until IS NULL) AND (quiet_from IS NULL) = (quiet_time_zone IS NULL))
            );

            -- The outbox: one row per notification, written by the committer in the transaction of the alarm event
            -- that causes it, so an event is never stored without its notifications or the other way round. The
            -- texts are final when written: every retry sends the same bytes. (subscription_id, sequence) is unique:
            -- one notice per subscriber and event, whatever happens. No foreign keys: a removed subscription's history
            -- stays, and the committer's batch must never fail on a subscription change.
            CREATE TABLE notification_outbox (
                id              BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
                subscription_id TEXT NOT NULL,
                alarm_id        BIGINT NOT NULL,
                sequence        BIGINT NOT NULL,
                level           TEXT NOT NULL,
                channel         TEXT NOT NULL,
                address         TEXT NOT NULL,
                subject         TEXT NOT NULL,
                text            TEXT NOT NULL,
                payload         TEXT NOT NULL CHECK (payload::json IS NOT NULL),
                state           TEXT NOT NULL,
                attempts        BIGINT NOT NULL,
                first_due_at    BIGINT NOT NULL,
                due_at          BIGINT NOT NULL,
                last_error      TEXT,
                finished_at     BIGINT,
                UNIQUE (subscription_id, sequence)
            );
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
                id            BIGINT NOT NULL PRIMARY KEY CHECK (id = 1),
                last_sequence BIGINT NOT NULL,
                last_alarm_id BIGINT NOT NULL
            );
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
