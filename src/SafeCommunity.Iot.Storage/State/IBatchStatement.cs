namespace SafeCommunity.Iot.Storage.State;

/// <summary>
/// One statement of the committer, prepared once on its connection and run for many rows, its parameters bound by
/// position (1-based, as <c>?1</c>, <c>?2</c> in its SQL).
/// </summary>
internal interface IBatchStatement : IDisposable
{
    void Bind(int index, long value);

    void Bind(int index, double value);

    /// <summary>Binds a text; a null throws (it would slip past NOT NULL as an empty string on SQLite).</summary>
    void Bind(int index, string value);

    void BindNull(int index);

    /// <summary>Runs the statement (no rows expected) inside <paramref name="transaction"/>; returns the rows it changed.</summary>
    int Execute(System.Data.Common.DbTransaction transaction);
}

/// <summary>Nullable binds, the same for every engine.</summary>
internal static class BatchStatementExtensions
{
    /// <summary>Binds the value, or NULL for null (for nullable columns only).</summary>
    public static void BindOrNull(this IBatchStatement statement, int index, long? value)
    {
        if (value is { } number)
        {
            statement.Bind(index, number);
        }
        else
        {
            statement.BindNull(index);
        }
    }

    /// <summary>Binds the value, or NULL for null (for nullable columns only).</summary>
    public static void BindOrNull(this IBatchStatement statement, int index, string? value)
    {
        if (value is null)
        {
            statement.BindNull(index);
        }
        else
        {
            statement.Bind(index, value);
        }
    }
}
