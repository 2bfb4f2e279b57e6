using System.Data;
using System.Data.Common;

namespace SafeCommunity.Iot.Storage.Database;

/// <summary>How domain values are written to and read from columns (see the conventions in <see cref="SchemaMigrations"/>).</summary>
internal static class DbValues
{
    /// <summary>A time as unix milliseconds UTC (sub-millisecond ticks are dropped).</summary>
    public static long ToUnixMilliseconds(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    /// <summary>A stored time, with offset zero.</summary>
    public static DateTimeOffset FromUnixMilliseconds(long milliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);

    /// <summary>A time as it comes back from a column: UTC, to the millisecond.</summary>
    public static DateTimeOffset AsStored(DateTimeOffset time) => FromUnixMilliseconds(ToUnixMilliseconds(time));

    /// <summary>A nullable time for a parameter: unix milliseconds or <see cref="DBNull"/>.</summary>
    public static object OrNull(DateTimeOffset? time) => time is { } value ? ToUnixMilliseconds(value) : DBNull.Value;

    /// <summary>A ulong as the long with the same 64 bits (the engines' integers are signed).</summary>
    public static long FromBits(ulong value) => unchecked((long)value);

    /// <summary>The ulong whose bits a long holds.</summary>
    public static ulong ToBits(long value) => unchecked((ulong)value);

    /// <summary>The value, or <see cref="DBNull"/> for null, for a parameter.</summary>
    public static object OrNull<T>(T? value)
        where T : struct => value.HasValue ? value.Value : DBNull.Value;

    /// <summary>The value, or <see cref="DBNull"/> for null, for a parameter.</summary>
    public static object OrNull(string? value) => value is null ? DBNull.Value : value;

    /// <summary>A nullable TEXT column.</summary>
    public static string? GetStringOrNull(this DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    /// <summary>A nullable INTEGER column.</summary>
    public static long? GetInt64OrNull(this DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);

    /// <summary>A nullable INTEGER column of unix milliseconds, as a UTC time.</summary>
    public static DateTimeOffset? GetTimeOrNull(this DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : FromUnixMilliseconds(reader.GetInt64(ordinal));

    /// <summary>An INTEGER column of unix milliseconds, as a UTC time.</summary>
    public static DateTimeOffset GetTime(this DbDataReader reader, int ordinal) => FromUnixMilliseconds(reader.GetInt64(ordinal));

    /// <summary>A nullable REAL column.</summary>
    public static double? GetDoubleOrNull(this DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetDouble(ordinal);

    /// <summary>Adds a named parameter to a command that is reused with new values.</summary>
    public static DbParameter AddParameter(this DbCommand command, string name, DbType type)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.DbType = type;
        command.Parameters.Add(parameter);
        return parameter;
    }

    /// <summary>Adds a named parameter with its value (<see cref="DBNull"/> for SQL NULL).</summary>
    public static void AddWithValue(this DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
