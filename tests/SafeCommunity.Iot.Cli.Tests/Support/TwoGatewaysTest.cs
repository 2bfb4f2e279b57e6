namespace SafeCommunity.Iot.Cli.Tests.Support;

/// <summary>
/// A test with two fake gateway instances on real Kestrel sockets (as two instances of one store serve one alarm
/// sequence) and a folder of its own; both are stopped and the folder deleted afterwards.
/// </summary>
public abstract class TwoGatewaysTest : IAsyncLifetime
{
    protected TestFiles Files { get; } = new();

    protected FakeGateway First { get; private set; } = null!;

    protected FakeGateway Second { get; private set; } = null!;

    public virtual async Task InitializeAsync()
    {
        First = await FakeGateway.StartAsync();
        Second = await FakeGateway.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await First.DisposeAsync();
        await Second.DisposeAsync();
        Files.Delete();
    }
}
