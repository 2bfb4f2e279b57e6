using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SafeCommunity.Iot.Core.State;
using SafeCommunity.Iot.Storage.Database;

namespace SafeCommunity.Iot.Storage.State;

/// <summary>
/// The commit stage's writer: device states, trail points and alarm events of a batch in one transaction, on a
/// dedicated connection with its statements prepared once (<see cref="CommitStatements"/>). Read what it stored back
/// with <see cref="DeviceStateStore"/> and <see cref="Alarms.AlarmStore"/>.
/// </summary>
public sealed class StateAndAlarmWriter : IStateAndAlarmWriter, IDisposable
{
    private readonly GatewayDatabase _database;
    private readonly ILogger _logger;
    private readonly IAlarmEventPlanner? _planner;
    private readonly Lock _writerLock = new();
    private CommitStatements? _statements;
    private bool _disposed;

    /// <summary>
    /// Creates the writer over <paramref name="database"/>; it connects on the first commit. <paramref name="planner"/>
    /// adds each batch's notifications in its transaction, once the alarm events carry their stored numbers.
    /// </summary>
    public StateAndAlarmWriter(GatewayDatabase database, ILogger<StateAndAlarmWriter>? logger = null, IAlarmEventPlanner? planner = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
        _logger = logger ?? NullLogger<StateAndAlarmWriter>.Instance;
        _planner = planner;
    }

    /// <inheritdoc />
    /// <remarks>
    /// <para>
    /// Each alarm event is a row of <c>alarm_events</c> with the next free sequence number, taken in the transaction
    /// (<see cref="StateAndAlarmBatch.NumberAlarmEvents"/>: the batch's events carry their stored numbers afterwards);
    /// each alarm with events in the batch gets the snapshot of its last one as its row in <c>alarms</c>. Any failing
    /// row fails the whole batch (states included), and the numbers it took are rolled back with it.
    /// </para>
    /// <para>
    /// Meant for one committer thread; a lock makes a stray second caller wait rather than corrupt the shared
    /// statements. After a failure the connection is dropped and the next commit opens a fresh one.
    /// </para>
    /// </remarks>
    public void Commit(StateAndAlarmBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.IsEmpty)
        {
            return;
        }

        lock (_writerLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _statements ??= new CommitStatements(_database.OpenConnection(), _database.Dialect, _planner);
            try
            {
                _statements.Write(batch);
            }
            catch (Exception exception)
            {
                StorageLog.CommitFailed(_logger, batch.States.Count, batch.Trail.Count, batch.AlarmEvents.Count, exception);
                _statements.Dispose();
                _statements = null;
                throw;
            }
        }
    }

    /// <summary>Closes the writer's connection.</summary>
    public void Dispose()
    {
        lock (_writerLock)
        {
            _disposed = true;
            _statements?.Dispose();
            _statements = null;
        }
    }
}
