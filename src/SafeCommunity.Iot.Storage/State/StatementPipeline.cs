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

    /// <summary>Runs every collected statement in <paramref name="transaction"/>, in the order they were added.</summary>
    public void Flush(DbTransaction transaction)
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
