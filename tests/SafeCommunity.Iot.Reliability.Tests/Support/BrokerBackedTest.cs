using SafeCommunity.Iot.TestSupport;
using Xunit.Abstractions;

namespace SafeCommunity.Iot.Reliability.Tests.Support;

/// <summary>A test with its own folder and its own Mosquitto (persistence on) in it, started before the test and killed after it.</summary>
public abstract class BrokerBackedTest : IAsyncLifetime, IDisposable
{
    protected BrokerBackedTest(ITestOutputHelper output)
    {
        Output = output;
        Broker = new MosquittoProcess(Path.Combine(Work.Path, "mosquitto"));
    }

    protected TempDirectory Work { get; } = new();

    protected MosquittoProcess Broker { get; }

    protected ITestOutputHelper Output { get; }

    public Task InitializeAsync() => Broker.StartAsync();

    /// <summary>A random source whose seed is printed, so that a failing run can be repeated.</summary>
    protected Random SeededRandom()
    {
        var seed = Environment.TickCount;
        Output.WriteLine($"random seed {seed}");
        return new Random(seed);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        Broker.Dispose();
        Work.Dispose();
        GC.SuppressFinalize(this);
    }
}
