namespace SafeCommunity.Iot.Storage.Registry;

/// <summary>
/// One problem in a registry import file. Its text names where the problem is and why, and never shows a key.
/// </summary>
/// <param name="Section">The section (<c>communities</c>, <c>receivers</c>, <c>devices</c>), or null for the whole file.</param>
/// <param name="Index">The row's zero-based index in its section, or null for the section or the file.</param>
/// <param name="RowId">The row's id when it could be read, or null.</param>
/// <param name="Reason">What is wrong, in words an administrator can act on.</param>
public sealed record RegistryImportError(string? Section, int? Index, string? RowId, string Reason)
{
    /// <summary>The error on one line: <c>devices[3] (id 1234): key must be 32 hex digits</c>.</summary>
    public override string ToString()
    {
        if (Section is null)
        {
            return Reason;
        }

        var where = Index is { } index ? $"{Section}[{index}]" : Section;
        return RowId is null ? $"{where}: {Reason}" : $"{where} (id {RowId}): {Reason}";
    }
}
