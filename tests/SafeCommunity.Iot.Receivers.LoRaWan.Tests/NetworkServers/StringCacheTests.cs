using SafeCommunity.Iot.Receivers.LoRaWan.NetworkServers;

namespace SafeCommunity.Iot.Receivers.LoRaWan.Tests.NetworkServers;

public sealed class StringCacheTests
{
    [Fact]
    public void Get_SameText_IsTheSameString()
    {
        var cache = new StringCache(4);

        var first = cache.Get("gtw1");

        Assert.Equal("gtw1", first);
        Assert.Same(first, cache.Get("gtw1x".AsSpan(0, 4)));
    }

    [Fact]
    public void Get_PastCapacity_StartsOver()
    {
        var cache = new StringCache(2);
        var a = cache.Get("a");
        _ = cache.Get("b");

        var c = cache.Get("c");

        Assert.Equal("c", c);
        Assert.Equal(1, cache.Count);
        Assert.Same(c, cache.Get("c"));
        Assert.NotSame(a, cache.Get("a"));
    }

    [Fact]
    public void Get_ManyThreads_RightTextsWithinTheBound()
    {
        var cache = new StringCache(64);

        Parallel.For(0, 10_000, i => Assert.Equal($"gw{i % 100}", cache.Get($"gw{i % 100}")));

        Assert.InRange(cache.Count, 1, 64 + Environment.ProcessorCount);
    }
}
