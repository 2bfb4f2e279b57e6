using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SafeCommunity.Iot.Core.Receivers;
using SafeCommunity.Iot.Core.Registry;
using SafeCommunity.Iot.Core.Uplinks;
using SafeCommunity.Iot.Receivers.Serial.Hosting;

namespace SafeCommunity.Iot.Receivers.Serial.Tests.Support;

/// <summary>A real host with <c>AddSerialReceivers</c>, a recording ingress and a registry filled by the test.</summary>
internal sealed class ReceiverHost : IAsyncDisposable
{
    private readonly IHost _host;

    private ReceiverHost(IHost host, RecordingIngress ingress, CapturingLoggerProvider logs)
    {
        _host = host;
        Ingress = ingress;
        Logs = logs;
    }

    public RecordingIngress Ingress { get; }

    public CapturingLoggerProvider Logs { get; }

    public ReceiverStatusBoard Board => _host.Services.GetRequiredService<ReceiverStatusBoard>();

    public static IHost Build(IDictionary<string, string?> configuration, DeviceRegistry? registry, RecordingIngress ingress, CapturingLoggerProvider logs)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Test" });
        builder.Configuration.AddInMemoryCollection(configuration);
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        builder.Logging.AddProvider(logs);
        builder.Services.AddSingleton<IUplinkIngress>(ingress);
        builder.Services.AddSingleton(registry ?? new DeviceRegistry());
        builder.AddSerialReceivers();
        return builder.Build();
    }

    public static async Task<ReceiverHost> StartAsync(IDictionary<string, string?> configuration, DeviceRegistry? registry = null)
    {
        var ingress = new RecordingIngress();
        var logs = new CapturingLoggerProvider();
        var host = Build(configuration, registry, ingress, logs);
        await host.StartAsync();
        return new ReceiverHost(host, ingress, logs);
    }

    /// <summary>Polls <paramref name="condition"/> until it holds; fails after <paramref name="timeout"/>.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        var stopwatch = Stopwatch.StartNew();
        while (!condition())
        {
            if (stopwatch.Elapsed > timeout)
            {
                throw new TimeoutException($"Timed out after {timeout} waiting for: {what}");
            }

            await Task.Delay(10);
        }
    }

    /// <summary>Waits until <paramref name="receiverId"/>'s link is connected (with at least <paramref name="reconnects"/> reconnects).</summary>
    public async Task WaitForConnectedAsync(string receiverId, long reconnects = 0, TimeSpan? timeout = null)
    {
        try
        {
            await WaitUntilAsync(
                () => Board.Find(receiverId) is { Link: ReceiverLink.Connected } health && health.Reconnects >= reconnects,
                timeout ?? TimeSpan.FromSeconds(30),
                $"{receiverId} connected (reconnects ≥ {reconnects})");
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message}; health: {Board.Find(receiverId)}; log:\n{DescribeLog()}", ex);
        }
    }

    /// <summary>The last log entries, for failure messages.</summary>
    public string DescribeLog() =>
        string.Join('\n', Logs.Entries.TakeLast(60).Select(e => $"{e.Level}: {e.Message}"));

    public async ValueTask DisposeAsync()
    {
        // For diagnosing a failure on a loaded machine: SC_TEST_LOG_DIR=/tmp/logs dotnet test ...
        if (Environment.GetEnvironmentVariable("SC_TEST_LOG_DIR") is { } dir)
        {
            File.WriteAllLines(Path.Combine(dir, Guid.NewGuid().ToString("N")[..8] + ".log"), Logs.Entries.Select(e => $"{e.Level}: {e.Message}"));
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _host.StopAsync(timeout.Token);
        _host.Dispose();
    }
}
