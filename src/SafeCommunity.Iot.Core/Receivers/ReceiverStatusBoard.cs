using System.Collections.Concurrent;

namespace SafeCommunity.Iot.Core.Receivers;

/// <summary>
/// The latest health of every receiver the gateway talks to, written by receiver services and read by the API
/// and health checks. Thread-safe.
/// </summary>
public sealed class ReceiverStatusBoard
{
    private readonly ConcurrentDictionary<string, ReceiverHealth> _receivers = new(StringComparer.Ordinal);

    /// <summary>Every receiver's health.</summary>
    public IReadOnlyCollection<ReceiverHealth> All => [.. _receivers.Values];

    /// <summary>One receiver's health, if the gateway has heard of it.</summary>
    public ReceiverHealth? Find(string receiverId) => _receivers.GetValueOrDefault(receiverId);

    /// <summary>Changes one receiver's health atomically.</summary>
    public ReceiverHealth Update(string receiverId, Func<ReceiverHealth, ReceiverHealth> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return _receivers.AddOrUpdate(
            receiverId,
            static (id, change) => change(new ReceiverHealth { ReceiverId = id }),
            static (_, current, change) => change(current),
            change);
    }
}
