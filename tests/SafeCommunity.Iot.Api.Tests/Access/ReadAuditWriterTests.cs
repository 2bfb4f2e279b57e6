using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SafeCommunity.Iot.Api.Access;
using SafeCommunity.Iot.Api.Hosting;
using SafeCommunity.Iot.Core.Access;
using SafeCommunity.Iot.Storage.Access;
using SafeCommunity.Iot.Storage.Database;
using SafeCommunity.Iot.Storage.Hosting;
using SafeCommunity.Iot.TestSupport;

namespace SafeCommunity.Iot.Api.Tests.Access;

/// <summary>The audit of reads, batched, over the real SQLite audit log.</summary>
public sealed class ReadAuditWriterTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _directory = new();
    private readonly GatewayDatabase _database;
    private readonly CountingAccessStore _store;

    public ReadAuditWriterTests()
    {
        _database = new GatewayDatabase(new StorageOptions { DataDirectory = _directory.Path }, _directory.Path);
        _store = new CountingAccessStore(new AccessStore(_database));
    }

    public void Dispose()
    {
        _database.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public async Task ReadsWithinOneWindow_AreStoredInOneTransaction_AndEachCallReturnsOnlyOnceItsLineIsStored()
    {
        var clock = new FakeTimeProvider(T0);
        using var writer = Writer(TimeSpan.FromMilliseconds(100), clock);
        await writer.StartingAsync(CancellationToken.None);

        var reads = Enumerable.Range(0, 50).Select(i => writer.WriteAsync(Line(i), CancellationToken.None)).ToArray();
        Assert.All(reads, read => Assert.False(read.IsCompleted));
        Assert.Empty(_store.AuditLog());

        while (!Task.WhenAll(reads).IsCompleted)
        {
            clock.Advance(TimeSpan.FromMilliseconds(100));
            await Task.WhenAny(Task.WhenAll(reads), Task.Delay(10));
        }

        await Task.WhenAll(reads);
        Assert.Equal([50], _store.Transactions);
        Assert.Equal(50, _store.AuditLog().Count);
        await writer.StoppedAsync(CancellationToken.None);
    }

    [Fact]
    public async Task AStoreThatFails_RefusesTheWaitingReads_AndTheNextBatchIsStored()
    {
        using var writer = Writer(TimeSpan.Zero, TimeProvider.System);
        await writer.StartingAsync(CancellationToken.None);

        _store.FailNext = true;
        await Assert.ThrowsAsync<AuditNotStoredException>(() => writer.WriteAsync(Line(1), CancellationToken.None));
        await writer.WriteAsync(Line(2), CancellationToken.None);

        Assert.Equal(["device 2"], _store.AuditLog().Select(r => r.Target));
        await writer.StoppedAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Stopping_StoresWhatIsWaitingAtOnce_AndRefusesReadsAfterwards()
    {
        using var writer = Writer(TimeSpan.FromSeconds(1), TimeProvider.System);
        await writer.StartingAsync(CancellationToken.None);
        await writer.WriteAsync(Line(1), CancellationToken.None); // the writer is running
        var waiting = writer.WriteAsync(Line(2), CancellationToken.None);

        await writer.StoppedAsync(CancellationToken.None);

        await waiting;
        Assert.Equal([1, 1], _store.Transactions);
        await Assert.ThrowsAnyAsync<InvalidOperationException>(() => writer.WriteAsync(Line(3), CancellationToken.None));
    }

    [Theory]
    [InlineData("-00:00:01")]
    [InlineData("00:00:06")]
    public void AWindowOutsideTheBounds_IsRefusedNamingTheSetting(string window)
    {
        var validator = new ApiOptionsValidator(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());

        var result = validator.Validate(null, new ApiOptions { ReadAuditWindow = TimeSpan.Parse(window, System.Globalization.CultureInfo.InvariantCulture) });

        Assert.True(result.Failed);
        Assert.Contains("Api:ReadAuditWindow", result.FailureMessage, StringComparison.Ordinal);
    }

    private ReadAuditWriter Writer(TimeSpan window, TimeProvider clock) =>
        new(_store, Options.Create(new ApiOptions { ReadAuditWindow = window }), clock, NullLogger<ReadAuditWriter>.Instance);

    private static AuditRecord Line(int device) =>
        new(0, T0, "tok-post-wufu", "Wufu police room", AuditActions.Locate, $"device {device}", null);

    /// <summary>The real store, counting the transactions of batched audit lines and failing one on request.</summary>
    private sealed class CountingAccessStore(AccessStore inner) : IAccessStore
    {
        private readonly List<int> _transactions = [];

        public bool FailNext { get; set; }

        public IReadOnlyList<int> Transactions
        {
            get
            {
                lock (_transactions)
                {
                    return [.. _transactions];
                }
            }
        }

        public IReadOnlyList<AuditRecord> AuditLog() => inner.ListAudit(new AuditQuery(null, null, null, null, 1000));

        public void AuditAll(IReadOnlyList<AuditRecord> records)
        {
            if (FailNext)
            {
                FailNext = false;
                throw new IOException("disk full");
            }

            inner.AuditAll(records);
            lock (_transactions)
            {
                _transactions.Add(records.Count);
            }
        }

        public IReadOnlyList<ApiToken> LoadTokens() => inner.LoadTokens();

        public void AddToken(ApiToken token) => inner.AddToken(token);

        public ApiToken? RevokeToken(string tokenId, DateTimeOffset at) => inner.RevokeToken(tokenId, at);

        public AuditRecord Audit(AuditRecord record) => inner.Audit(record);

        public int PruneAudit(DateTimeOffset olderThan) => inner.PruneAudit(olderThan);

        public IReadOnlyList<AuditRecord> ListAudit(AuditQuery query) => inner.ListAudit(query);
    }
}
