using Microsoft.Extensions.Hosting;

namespace SafeCommunity.Iot.Core.Hosting;

/// <summary>
/// A background service that starts and stops in its <see cref="HostPhase"/>, through the host's lifecycle steps
/// (<see cref="IHostedLifecycleService"/>): the host runs every service's starting step before any start, and every
/// start before any started step, and stops the same way, so the order of the phases does not hang on the order in
/// which the services were registered.
/// </summary>
public abstract class PhasedBackgroundService : BackgroundService, IHostedLifecycleService
{
    /// <summary>Creates a service that runs in <paramref name="phase"/>.</summary>
    protected PhasedBackgroundService(HostPhase phase) => Phase = phase;

    /// <summary>When the service starts and stops.</summary>
    public HostPhase Phase { get; }

    /// <inheritdoc />
    public Task StartingAsync(CancellationToken cancellationToken) => Phase == HostPhase.Sink ? base.StartAsync(cancellationToken) : Task.CompletedTask;

    /// <inheritdoc />
    public override Task StartAsync(CancellationToken cancellationToken) => Phase == HostPhase.Stage ? base.StartAsync(cancellationToken) : Task.CompletedTask;

    /// <inheritdoc />
    public Task StartedAsync(CancellationToken cancellationToken) => Phase == HostPhase.Source ? base.StartAsync(cancellationToken) : Task.CompletedTask;

    /// <inheritdoc />
    public Task StoppingAsync(CancellationToken cancellationToken) => Phase == HostPhase.Source ? base.StopAsync(cancellationToken) : Task.CompletedTask;

    /// <inheritdoc />
    public override Task StopAsync(CancellationToken cancellationToken) => Phase == HostPhase.Stage ? base.StopAsync(cancellationToken) : Task.CompletedTask;

    /// <inheritdoc />
    public Task StoppedAsync(CancellationToken cancellationToken) => Phase == HostPhase.Sink ? base.StopAsync(cancellationToken) : Task.CompletedTask;
}
