using System.Data.Common;
using SafeCommunity.Iot.Storage.Database;

namespace SafeCommunity.Iot.Storage.Tests;

/// <summary>SQL run against a test's database behind the stores' back.</summary>
internal static class DatabaseSql
{
    public static void Execute(GatewayDatabase database, string sql)
    {
        using var connection = database.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public static T Scalar<T>(GatewayDatabase database, string sql)
    {
        using var connection = database.OpenConnection();
        return Scalar<T>(connection, sql);
    }

    public static T Scalar<T>(DbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (T)command.ExecuteScalar()!;
    }

    /// <summary>The first column of every row, as text, in ordinal order.</summary>
    public static List<string> SortedColumn(GatewayDatabase database, string sql)
    {
        using var connection = database.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var values = new List<string>();
        while (reader.Read())
        {
            values.Add(reader.GetString(0));
        }

        values.Sort(StringComparer.Ordinal);
        return values;
    }
}
