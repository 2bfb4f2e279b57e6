namespace SafeCommunity.Iot.History.Archive;

/// <summary>What InfluxDB answered: the items (oldest first), or why it could not be read.</summary>
/// <typeparam name="T">The kind of item.</typeparam>
/// <param name="Items">The items, oldest first; empty on failure.</param>
/// <param name="Failure">Why nothing could be read (unreachable, refused, not configured), or null.</param>
public sealed record ArchiveAnswer<T>(IReadOnlyList<T> Items, string? Failure);

/// <summary>Makes <see cref="ArchiveAnswer{T}"/>s.</summary>
public static class ArchiveAnswer
{
    /// <summary>A successful read.</summary>
    public static ArchiveAnswer<T> Of<T>(IReadOnlyList<T> items) => new(items, null);

    /// <summary>A failed read.</summary>
    public static ArchiveAnswer<T> Failed<T>(string failure) => new([], failure);
}
