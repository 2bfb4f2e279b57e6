using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using SafeCommunity.Iot.Core.Alarms;
using SafeCommunity.Iot.Storage.Database;

namespace SafeCommunity.Iot.Storage.Alarms;

/// <summary>
/// The store's notice of stored alarm events. On PostgreSQL every commit with alarm events sends
/// <c>NOTIFY safecomm_alarm_events</c> (<see cref="SqlDialect.AlarmEventsStoredSql"/>), delivered to every listening
/// gateway when it commits; this listens on a connection of its own and reconnects when it breaks. A notice carries
/// no data: the listener reads the events by sequence, so a notice lost while reconnecting costs nothing but a moment.
/// On the same connection it takes a session-level advisory lock, when free, that makes this gateway the one that
/// escalates (<see cref="LeadsEscalation"/>); the server frees it when the connection ends, a gateway's death included,
/// and another gateway's listener takes it within <see cref="LeaderCheck"/>.
/// </summary>
public sealed class StoredAlarmEventSignal : IAlarmEventSignal
{
    /// <summary>The notification channel.</summary>
    public const string Channel = "safecomm_alarm_events";

    /// <summary>
    /// How often a quiet listener checks its connection (one that died silently would never deliver again) and, when
    /// another gateway escalates, whether that gateway's lock is free.
    /// </summary>
    public static readonly TimeSpan LeaderCheck = TimeSpan.FromSeconds(2);

    // The advisory lock of the gateway that escalates ("SCESCALA" in ASCII).
    private const long EscalationLock = 0x5343_4553_4341_4C41;

    private static readonly TimeSpan ReconnectDelay = TimeSpan.FromSeconds(1);

    private readonly GatewayDatabase _database;
    private readonly ILogger _logger;
    private volatile bool _leads;

    /// <summary>The signal of <paramref name="database"/>.</summary>
    public StoredAlarmEventSignal(GatewayDatabase database, ILogger<StoredAlarmEventSignal>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
        _logger = logger ?? NullLogger<StoredAlarmEventSignal>.Instance;
    }

    /// <inheritdoc />
    public bool IsShared => _database.Dialect is PostgreSqlDialect;

    /// <inheritdoc />
    public bool LeadsEscalation => !IsShared || _leads;

    /// <inheritdoc />
    public async Task ListenAsync(Action onStored, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(onStored);
        if (!IsShared)
        {
            throw new InvalidOperationException("A store of one gateway sends no notices of stored alarm events.");
        }

        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await ListenOnceAsync(onStored, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                _leads = false;
                return;
            }
            catch (Exception exception) when (exception is NpgsqlException or InvalidOperationException or IOException or TimeoutException)
            {
                _leads = false;
                StorageLog.AlarmEventsListenFailed(_logger, exception, ReconnectDelay);
                try
                {
                    await Task.Delay(ReconnectDelay, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task ListenOnceAsync(Action onStored, CancellationToken cancellationToken)
    {
        await using var connection = ((PostgreSqlDialect)_database.Dialect).OpenDedicated();
        connection.Notification += (_, _) => onStored();
        await using (var listen = new NpgsqlCommand("LISTEN " + Channel + ";", connection))
        {
            await listen.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        StorageLog.AlarmEventsListening(_logger);

        // Events stored while this was not listening have sent their notices to nobody.
        onStored();
        await using var tryLead = new NpgsqlCommand(string.Create(CultureInfo.InvariantCulture, $"SELECT pg_try_advisory_lock({EscalationLock});"), connection);
        await using var check = new NpgsqlCommand("SELECT 1;", connection);
        while (true)
        {
            if (!_leads && (bool)(await tryLead.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!)
            {
                _leads = true;
                StorageLog.EscalationLeader(_logger);
            }

            // A quiet spell: the leader checks its connection (the others' next try is a query of its own).
            if (!await connection.WaitAsync(LeaderCheck, cancellationToken).ConfigureAwait(false) && _leads)
            {
                await check.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
