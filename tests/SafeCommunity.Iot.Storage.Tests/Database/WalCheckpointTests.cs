using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SafeCommunity.Iot.Core.State;
using SafeCommunity.Iot.Storage.Database;
using SafeCommunity.Iot.Storage.Hosting;
using SafeCommunity.Iot.Storage.State;

namespace SafeCommunity.Iot.Storage.Tests.Database;

public sealed class WalCheckpointTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Commit_ManyBatches_LeavesTheLogToTheCheckpointServiceWhichCopiesItAll()
    {
        var database = _directory.OpenDatabase(SynchronousMode.Normal);
        database.EnsureMigrated();
        var store = new DeviceStateStore(database);
        using var writer = new StateAndAlarmWriter(database);

        // Far more than SQLite's automatic threshold of 1,000 log pages (and the 4,000 the committer once used): a committer that checkpointed by itself
        // would have copied most of them into the database file by now.
        for (var batch = 0; batch < 300; batch++)
        {
            var states = new StateAndAlarmBatch();
            for (uint device = 1; device <= 1000; device++)
            {
                states.States.Add(TestData.State((uint)(batch * 1000) + device, (uint)batch));
            }

            writer.Commit(states);
        }

        var walBefore = new FileInfo(database.DatabasePath + "-wal").Length;
        var databaseBefore = new FileInfo(database.DatabasePath).Length;
        Assert.True(walBefore > 4 * databaseBefore, $"log {walBefore} B, database file {databaseBefore} B");
        var service = new WalCheckpointService(database, TimeProvider.System, Options.Create(new StorageOptions()), NullLogger<WalCheckpointService>.Instance);

        var result = service.CheckpointOnce();

        Assert.False(result.Busy);
        Assert.True(result.LogFrames > 4000, $"{result.LogFrames} log frames");
        Assert.Equal(result.LogFrames, result.CheckpointedFrames);
        Assert.True(new FileInfo(database.DatabasePath).Length > walBefore / 2);
        Assert.Equal(300_000, store.LoadAll().Count);
    }
}
