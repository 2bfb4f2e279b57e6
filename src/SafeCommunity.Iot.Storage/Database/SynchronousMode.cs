namespace SafeCommunity.Iot.Storage.Database;

/// <summary>SQLite's <c>PRAGMA synchronous</c> setting, as far as the gateway allows it to be chosen.</summary>
public enum SynchronousMode
{
    /// <summary>
    /// <c>FULL</c>: each commit is synced to disk before it returns, so an accepted frame counter survives a power
    /// cut. Replay protection needs that: a counter lost in a crash would let a recorded frame be replayed.
    /// </summary>
    Full = 0,

    /// <summary>
    /// <c>NORMAL</c>: in WAL mode the database stays consistent after a power cut, but the last commits before it
    /// may be lost (counters roll back a little). Faster on slow storage; only for test or bench machines.
    /// </summary>
    Normal = 1,
}
