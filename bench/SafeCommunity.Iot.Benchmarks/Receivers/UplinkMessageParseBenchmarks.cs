using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using SafeCommunity.Iot.Benchmarks.Uplinks;
using SafeCommunity.Iot.Receivers.LoRaWan.NetworkServers;
using SafeCommunity.Iot.Receivers.Serial.LoRaP2P;

namespace SafeCommunity.Iot.Benchmarks.Receivers;

/// <summary>
/// The receivers' parsers on the end-to-end path, per message, for the <see cref="UplinkFleet"/>'s frames: a
/// RAK3172 receive event line (<see cref="Rak3172LineParser"/>) and a ChirpStack v4 uplink event with one to three
/// gateways as ChirpStack publishes it over MQTT (<see cref="LoRaWanMessageParser"/>).
/// </summary>
[MemoryDiagnoser]
public class UplinkMessageParseBenchmarks
{
    private const int MessageCount = 1_024;

    private string[] _lines = null!;
    private (string Topic, byte[] Payload)[] _messages = null!;

    /// <summary>Writes the lines and messages.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var fleet = UplinkFleet.Create(MessageCount);
        _lines = new string[MessageCount];
        _messages = new (string, byte[])[MessageCount];
        for (var i = 0; i < MessageCount; i++)
        {
            var frame = fleet.Frames[i];
            _lines[i] = string.Create(CultureInfo.InvariantCulture, $"+EVT:RXP2P:{-78 - (i % 30)}:{(i % 13) - 3}:{Convert.ToHexString(frame)}");
            var devEui = fleet.Devices[i].DevEui!;
            _messages[i] = ($"application/17c82e96-be03-4f38-aef3-f83d48582d97/device/{devEui}/event/up", ChirpStackUplink(i, devEui, frame));
        }

        var sizes = _messages.Average(m => m.Payload.Length);
        Console.WriteLine($"// RAK3172 lines of {_lines.Average(l => l.Length):F0} characters, ChirpStack uplinks of {sizes:F0} bytes");
        if (ParseRak3172Line() != MessageCount || ParseChirpStackUplink() != MessageCount)
        {
            throw new InvalidOperationException("Every line and message must parse as an uplink.");
        }
    }

    /// <summary>One <c>+EVT:RXP2P:&lt;rssi&gt;:&lt;snr&gt;:&lt;hex&gt;</c> line.</summary>
    [Benchmark(OperationsPerInvoke = MessageCount)]
    public int ParseRak3172Line()
    {
        var receptions = 0;
        foreach (var line in _lines)
        {
            receptions += Rak3172LineParser.Parse(line).Kind == Rak3172LineKind.Reception ? 1 : 0;
        }

        return receptions;
    }

    /// <summary>One ChirpStack v4 <c>event/up</c> message (topic and JSON).</summary>
    [Benchmark(OperationsPerInvoke = MessageCount)]
    public int ParseChirpStackUplink()
    {
        var uplinks = 0;
        foreach (var (topic, payload) in _messages)
        {
            uplinks += LoRaWanMessageParser.Parse(topic, payload).IsUplink ? 1 : 0;
        }

        return uplinks;
    }

    // The shape of ChirpStack v4's documented uplink event (REFERENCE-FORMATS.md), with 1-3 gateways.
    private static byte[] ChirpStackUplink(int index, string devEui, byte[] frame)
    {
        var gateways = new StringBuilder();
        for (var k = 0; k <= index % 3; k++)
        {
            gateways.Append(k == 0 ? "" : ",").Append(CultureInfo.InvariantCulture,
                $$"""{"gatewayId":"0016c001f153a1{{k:x2}}","uplinkId":{{4217106255L + index}},"rssi":{{-78 - (9 * k)}},"snr":{{7.5 - (2 * k)}},"context":"E3OWOQ==","metadata":{"region_name":"cn470","region_common_name":"CN470"} }""");
        }

        return Encoding.UTF8.GetBytes($$$"""
            {"deduplicationId":"3ac7e3c4-4401-4b8d-9386-a5c902f9202d","time":"2026-11-30T01:00:{{{index % 60:00}}}.775023242+00:00",
             "deviceInfo":{"tenantId":"52f14cd4-c6f1-4fbd-8f87-4025e1d49242","tenantName":"Anlong police",
               "applicationId":"17c82e96-be03-4f38-aef3-f83d48582d97","applicationName":"safecommunity",
               "deviceProfileId":"14855bf7-d10d-4aee-b618-ebfcb64dc7ad","deviceProfileName":"wristband",
               "deviceName":"device {{{index}}}","devEui":"{{{devEui}}}","tags":{}},
             "devAddr":"00189440","dr":3,"fPort":10,"fCnt":{{{index}}},"data":"{{{Convert.ToBase64String(frame)}}}",
             "rxInfo":[{{{gateways}}}],
             "txInfo":{"frequency":470300000,"modulation":{"lora":{"bandwidth":125000,"spreadingFactor":9,"codeRate":"CR_4_5"} } } }
            """);
    }
}
