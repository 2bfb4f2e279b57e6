using System.Data;
using System.Data.Common;

namespace SafeCommunity.Iot.Storage.State;

/// <summary>
/// A committer statement as a prepared ADO.NET command with typed positional parameters (PostgreSQL: a server-side
/// prepared statement, parsed and planned once per connection).
/// </summary>
internal sealed class CommandStatement : IBatchStatement
{
    private readonly DbCommand _command;
    private readonly DbParameter[] _parameters;

    /// <param name="connection">The committer's open connection.</param>
    /// <param name="sql">The statement with the engine's positional parameters.</param>
    /// <param name="types">The parameters' types, in order; they never change, so the prepared plan holds.</param>
    public CommandStatement(DbConnection connection, string sql, IReadOnlyList<DbType> types)
    {
        _command = connection.CreateCommand();
        _command.CommandText = sql;
        _parameters = new DbParameter[types.Count];
        for (var i = 0; i < types.Count; i++)
        {
            var parameter = _command.CreateParameter();
            parameter.DbType = types[i];
            parameter.Value = DBNull.Value;
            _command.Parameters.Add(parameter);
            _parameters[i] = parameter;
        }

        _command.Prepare();
    }

    public void Bind(int index, long value) => _parameters[index - 1].Value = value;

    public void Bind(int index, double value) => _parameters[index - 1].Value = value;

    public void Bind(int index, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _parameters[index - 1].Value = value;
    }

    public void BindNull(int index) => _parameters[index - 1].Value = DBNull.Value;

    public int Execute(DbTransaction transaction)
    {
        _command.Transaction = transaction;
        return _command.ExecuteNonQuery();
    }

    public void Dispose() => _command.Dispose();
}
