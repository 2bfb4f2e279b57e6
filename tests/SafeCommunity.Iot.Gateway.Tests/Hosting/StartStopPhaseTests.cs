using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SafeCommunity.Iot.Api.Access;
using SafeCommunity.Iot.Core.Hosting;
using SafeCommunity.Iot.Gateway.Tests.Support;
using SafeCommunity.Iot.Receivers.LoRaWan.Mqtt;
using SafeCommunity.Iot.Receivers.Serial.BaseStations;
using SafeCommunity.Iot.Receivers.Serial.LoRaP2P;
using SafeCommunity.Iot.Telemetry.Hosting;
using SafeCommunity.Iot.TestSupport;

namespace SafeCommunity.Iot.Gateway.Tests.Hosting;

/// <summary>
/// On the composed gateway, every receiver starts after and stops before the pipeline, and the telemetry spool writer
/// and the audit writer of reads stop after it and after the API, by phase (<see cref="PhasedBackgroundService"/>), not by the order the parts were added in.
/// </summary>
public sealed class StartStopPhaseTests
{
    [Fact]
    public async Task ComposedGateway_ReceiversAreSources_TheSpoolAndReadAuditWritersAreSinks_AndNothingElseIsEither()
    {
        using var data = new TempDirectory();
        await using var gateway = new GatewayFactory(data.Path);

        var phases = gateway.Services.GetServices<IHostedService>()
            .ToDictionary(s => s.GetType(), s => s is PhasedBackgroundService phased ? phased.Phase : HostPhase.Stage);

        Assert.Equal(HostPhase.Source, phases[typeof(LoRaWanMqttReceiver)]);
        Assert.Equal(HostPhase.Source, phases[typeof(SerialReceiverService)]);
        Assert.Equal(HostPhase.Source, phases[typeof(Rak3172ReceiverService)]);
        Assert.Equal(HostPhase.Sink, phases[typeof(TelemetrySpoolService)]);
        Assert.Equal(HostPhase.Sink, phases[typeof(ReadAuditWriter)]);
        Assert.Equal(
            [typeof(LoRaWanMqttReceiver), typeof(Rak3172ReceiverService), typeof(ReadAuditWriter), typeof(SerialReceiverService), typeof(TelemetrySpoolService)],
            phases.Where(p => p.Value != HostPhase.Stage).Select(p => p.Key).OrderBy(t => t.Name, StringComparer.Ordinal));
    }
}
