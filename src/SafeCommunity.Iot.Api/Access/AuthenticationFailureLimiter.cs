using System.Collections.Concurrent;

namespace SafeCommunity.Iot.Api.Access;

/// <summary>
/// Slows down token guessing: a peer address that presented more than a set number of wrong tokens within a
/// minute is refused until the minute is over, valid token or not. Missing tokens are not counted (they guess
/// nothing). The table is bounded: when it is full, expired entries are dropped, and a new peer beyond that is
/// not counted (only a flood from ten thousand addresses gets there; the tokens' 256 random bits still hold).
/// </summary>
public sealed class AuthenticationFailureLimiter
{
    private const int MaxPeers = 10_000;
    private static readonly TimeSpan WindowLength = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, Window> _peers = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly int _maxFailures;

    /// <summary>Creates the limiter allowing <paramref name="maxFailuresPerMinute"/> wrong tokens per peer and minute.</summary>
    public AuthenticationFailureLimiter(int maxFailuresPerMinute, TimeProvider time)
    {
        _maxFailures = maxFailuresPerMinute;
        _time = time;
    }

    /// <summary>Whether <paramref name="peer"/> is refused for now.</summary>
    public bool IsBlocked(string peer)
    {
        var now = _time.GetUtcNow();
        return _peers.TryGetValue(peer, out var window) && window.Failures(now) > _maxFailures;
    }

    /// <summary>Counts a wrong token from <paramref name="peer"/>.</summary>
    public void Failed(string peer)
    {
        var now = _time.GetUtcNow();
        if (_peers.Count >= MaxPeers && !_peers.ContainsKey(peer))
        {
            foreach (var (key, window) in _peers)
            {
                if (window.Failures(now) == 0)
                {
                    _peers.TryRemove(key, out _);
                }
            }

            if (_peers.Count >= MaxPeers)
            {
                return;
            }
        }

        _peers.GetOrAdd(peer, _ => new Window()).Add(now);
    }

    private sealed class Window
    {
        private readonly Lock _lock = new();
        private DateTimeOffset _start;
        private int _count;

        public int Failures(DateTimeOffset now)
        {
            lock (_lock)
            {
                return now - _start < WindowLength ? _count : 0;
            }
        }

        public void Add(DateTimeOffset now)
        {
            lock (_lock)
            {
                if (now - _start >= WindowLength)
                {
                    _start = now;
                    _count = 0;
                }

                _count++;
            }
        }
    }
}
