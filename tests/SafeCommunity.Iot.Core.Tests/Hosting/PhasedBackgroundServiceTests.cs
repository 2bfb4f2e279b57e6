using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SafeCommunity.Iot.Core.Hosting;

namespace SafeCommunity.Iot.Core.Tests.Hosting;

public sealed class PhasedBackgroundServiceTests
{
    [Fact]
    public async Task RegisteredInTheWrongOrder_SourcesStartLastAndStopFirst_SinksStartFirstAndStopLast()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        var services = new[] { new Idle("source", HostPhase.Source), new Idle("stage", HostPhase.Stage), new Idle("sink", HostPhase.Sink) };
        var observer = new StepObserver(services);

        // The observer comes first: the host runs each start step in registration order and each stop step in
        // reverse, so it sees the others before their start steps and after their stop steps. (AddHostedService would
        // keep one service per type.)
        builder.Services.AddSingleton<IHostedService>(observer);
        foreach (var service in services)
        {
            builder.Services.AddSingleton<IHostedService>(service);
        }

        using var host = builder.Build();
        await host.StartAsync();
        await host.StopAsync();

        Assert.Equal(
            [
                "starting: none started",
                "start: sink started",
                "started: stage, sink started",
                "stopping: source stopped",
                "stop: source, stage stopped",
                "stopped: source, stage, sink stopped",
            ],
            observer.Steps);
    }

    private sealed class Idle(string name, HostPhase phase) : PhasedBackgroundService(phase)
    {
        public string Name { get; } = name;

        protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.Delay(Timeout.Infinite, stoppingToken);
    }

    private sealed class StepObserver(IReadOnlyList<Idle> services) : IHostedLifecycleService
    {
        public List<string> Steps { get; } = [];

        public Task StartingAsync(CancellationToken cancellationToken) => Started("starting");

        public Task StartAsync(CancellationToken cancellationToken) => Started("start");

        public Task StartedAsync(CancellationToken cancellationToken) => Started("started");

        public Task StoppingAsync(CancellationToken cancellationToken) => Stopped("stopping");

        public Task StopAsync(CancellationToken cancellationToken) => Stopped("stop");

        public Task StoppedAsync(CancellationToken cancellationToken) => Stopped("stopped");

        private Task Started(string step) => Note(step, "started", s => s.ExecuteTask is not null);

        private Task Stopped(string step) => Note(step, "stopped", s => s.ExecuteTask is { IsCompleted: true });

        private Task Note(string step, string state, Func<Idle, bool> isIn)
        {
            var names = services.Where(isIn).Select(s => s.Name).ToList();
            Steps.Add($"{step}: {(names.Count == 0 ? "none" : string.Join(", ", names))} {state}");
            return Task.CompletedTask;
        }
    }
}
