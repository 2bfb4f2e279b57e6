using System.Data;
using System.Data.Common;

namespace SafeCommunity.Iot.Storage.State;

/// <summary>
/// Statements of the committer that are not run one by one but collected and sent together in one
/// <see cref="DbBatch"/> (one round trip to a server, where running them one by one would pay a round trip per row).
/// For engines whose connections can batch (<see cref="DbConnection.CanCreateBatch"/>: PostgreSQL); SQLite runs in
/// the process and has nothing to save.
/// </summary>
internal sealed class StatementPipeline : IDisposable
{
    private readonly DbConnection _connection;
    private DbBatch? _batch;

    public StatementPipeline(DbConnection connection) => _connection = connection;

    /// <summary>A statement whose every <see cref="IBatchStatement.Execute"/> adds a row to the pipeline (and reports 1).</summary>
    /// <param name="sql">The statement with the engine's positional parameters.</param>
    /// <param name="types">The parameters' types, in order.</param>
    public IBatchStatement Statement(string sql, IReadOnlyList<DbType> types) => new PipelinedStatement(this, sql, types);

    /// <summary>Adds <paramref name="sql"/> with the one parameter <paramref name="value"/> (for values no typed statement binds, such as an array).</summary>
    public void Add(string sql, object value)
    {
        var command = Batch.CreateBatchCommand();
        command.CommandText = sql;
        var parameter = command.CreateParameter();
        parameter.Value = value;
        command.Parameters.Add(parameter);
        Batch.BatchCommands.Add(command);
    }

    /// <summary>
    /// Runs every collected statement in <paramref name="transaction"/>, in the order they were added; when
    /// <paramref name="recordsAffected"/> is given, adds the rows each one changed to it, in that order.
    /// </summary>
    public void Flush(DbTransaction transaction, List<int>? recordsAffected = null)
    {
        if (_batch is not { } batch)
        {
            return;
        }

        _batch = null;
        using (batch)
        {
            batch.Transaction = transaction;
            batch.ExecuteNonQuery();
            if (recordsAffected is not null)
            {
                foreach (var command in batch.BatchCommands)
                {
                    recordsAffected.Add(command.RecordsAffected);
                }
            }
        }
    }

    /// <summary>Drops what was collected and not run (a failed write).</summary>
    public void Dispose()
    {
        _batch?.Dispose();
        _batch = null;
    }

    private DbBatch Batch => _batch ??= _connection.CreateBatch();

    private sealed class PipelinedStatement : IBatchStatement
    {
        private readonly StatementPipeline _pipeline;
        private readonly string _sql;
        private readonly IReadOnlyList<DbType> _types;
        private readonly object[] _values;

        public PipelinedStatement(StatementPipeline pipeline, string sql, IReadOnlyList<DbType> types)
        {
            _pipeline = pipeline;
            _sql = sql;
            _types = types;
            _values = new object[types.Count];
            Array.Fill(_values, DBNull.Value);
        }

        public void Bind(int index, long value) => _values[index - 1] = value;

        public void Bind(int index, double value) => _values[index - 1] = value;

        public void Bind(int index, string value)
        {
            ArgumentNullException.ThrowIfNull(value);
            _values[index - 1] = value;
        }

        public void BindNull(int index) => _values[index - 1] = DBNull.Value;

        public int Execute(DbTransaction transaction)
        {
            var batch = _pipeline.Batch;
            var command = batch.CreateBatchCommand();
            command.CommandText = _sql;
            for (var i = 0; i < _values.Length; i++)
            {
                var parameter = command.CreateParameter();
                parameter.DbType = _types[i];
                parameter.Value = _values[i];
                command.Parameters.Add(parameter);
            }

            batch.BatchCommands.Add(command);
            return 1;
        }

        public void Dispose()
        {
            // The pipeline owns what was collected.
        }
    }
}
