using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging.Abstractions;
using SafeCommunity.Iot.Core.Receivers;
using SafeCommunity.Iot.Core.Registry;
using SafeCommunity.Iot.Receivers.Serial.BaseStations;
using SafeCommunity.Iot.Receivers.Serial.Diagnostics;
using SafeCommunity.Iot.Receivers.Serial.Tests.Support;

namespace SafeCommunity.Iot.Receivers.Serial.Tests.Diagnostics;

public sealed class SerialReceiverMetricsTests
{
    [Fact]
    public async Task BaseStationLink_ReceptionsAndRejections_AreCounted()
    {
        var metrics = new SerialReceiverMetrics();
        var measurements = new ConcurrentQueue<(string Instrument, long Value, string? Tag)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter == metrics.Meter)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            measurements.Enqueue((instrument.Name, value, tags.Length > 0 ? tags[0].Value?.ToString() : null)));
        listener.Start();
        var link = new BaseStationLink("gate-1", TimeSpan.FromSeconds(30), new RecordingIngress(), new DeviceRegistry(), new ReceiverStatusBoard(), TimeProvider.System, NullLogger.Instance, metrics);

        await link.ProcessAsync(TestData.Concat(TestData.ReceptionRecord(TestData.Beacon(1, 1)), [0xDE, 0xAD, 0x00]), CancellationToken.None);

        Assert.Contains(("safecomm.serial.receptions", 1L, "serial"), measurements);
        Assert.Contains(("safecomm.serial.link_errors", 1L, "bad_cobs"), measurements);
    }
}
