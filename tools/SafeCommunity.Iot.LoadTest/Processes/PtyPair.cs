namespace SafeCommunity.Iot.LoadTest.Processes;

/// <summary>Two connected pseudo-terminals made by socat: the gateway opens one end, the tool writes the other.</summary>
internal sealed class PtyPair : IAsyncDisposable
{
    private readonly ChildProcess _socat;

    private PtyPair(ChildProcess socat, string gatewayEnd, string toolEnd)
    {
        _socat = socat;
        GatewayEnd = gatewayEnd;
        ToolEnd = toolEnd;
    }

    /// <summary>The path the gateway's serial receiver opens.</summary>
    public string GatewayEnd { get; }

    /// <summary>The path the tool writes link records to.</summary>
    public string ToolEnd { get; }

    /// <summary>Makes the pair <c>{name}-gateway</c> / <c>{name}-tool</c> in <paramref name="folder"/>.</summary>
    /// <exception cref="InvalidOperationException">socat is missing or made no pseudo-terminals.</exception>
    public static async Task<PtyPair> StartAsync(string folder, string name)
    {
        var gatewayEnd = Path.Combine(folder, name + "-gateway");
        var toolEnd = Path.Combine(folder, name + "-tool");
        var socat = ChildProcess.Start(
            "socat", ["-d", "-d", $"pty,raw,echo=0,link={gatewayEnd}", $"pty,raw,echo=0,link={toolEnd}"], folder, Path.Combine(folder, name + "-socat.log"));
        for (var waited = 0; !(File.Exists(gatewayEnd) && File.Exists(toolEnd)); waited += 20)
        {
            if (socat.HasExited || waited > 10_000)
            {
                await socat.DisposeAsync();
                throw new InvalidOperationException($"socat made no pseudo-terminal pair for {name} (see {folder}/{name}-socat.log; apt-get install socat)");
            }

            await Task.Delay(20);
        }

        return new PtyPair(socat, gatewayEnd, toolEnd);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _socat.DisposeAsync();
}
