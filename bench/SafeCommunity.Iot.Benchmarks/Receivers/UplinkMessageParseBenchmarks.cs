using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using MQTTnet;
using SafeCommunity.Iot.Benchmarks.Uplinks;
using SafeCommunity.Iot.Protocol.Radio;
using SafeCommunity.Iot.Receivers.LoRaWan.Broker;
using SafeCommunity.Iot.Receivers.LoRaWan.NetworkServers;
using SafeCommunity.Iot.Receivers.Serial.LoRaP2P;

namespace SafeCommunity.Iot.Benchmarks.Receivers;

/// <summary>
/// The receivers' parsers on the end-to-end path, per message, for the <see cref="UplinkFleet"/>'s frames: a
/// RAK3172 receive event line (<see cref="Rak3172LineParser"/>), a ChirpStack v4 and a The Things Stack v3 uplink
/// event with one to three gateways as the network servers publish them over MQTT (<see cref="LoRaWanMessageParser"/>),
/// and the embedded broker's check whether a ChirpStack message carries an alarm event (asked for every publish while
/// the gateway's backlog is full).
/// </summary>
[MemoryDiagnoser]
public class UplinkMessageParseBenchmarks
{
    private const int MessageCount = 1_024;

    private string[] _lines = null!;
    private (string Topic, byte[] Payload)[] _messages = null!;
    private (string Topic, byte[] Payload)[] _ttsMessages = null!;
    private MqttApplicationMessage[] _published = null!;
    private int _alarms;

    /// <summary>Writes the lines and messages.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var fleet = UplinkFleet.Create(MessageCount);
        _lines = new string[MessageCount];
        _messages = new (string, byte[])[MessageCount];
        _ttsMessages = new (string, byte[])[MessageCount];
        _published = new MqttApplicationMessage[MessageCount];
        for (var i = 0; i < MessageCount; i++)
        {
            var frame = fleet.Frames[i];
            _lines[i] = string.Create(CultureInfo.InvariantCulture, $"+EVT:RXP2P:{-78 - (i % 30)}:{(i % 13) - 3}:{Convert.ToHexString(frame)}");
            var devEui = fleet.Devices[i].DevEui!;
            _messages[i] = ($"application/17c82e96-be03-4f38-aef3-f83d48582d97/device/{devEui}/event/up", ChirpStackUplink(i, devEui, frame));
            _ttsMessages[i] = ($"v3/safecommunity@anlong/devices/eui-{devEui}/up", TheThingsStackUplink(i, devEui, frame));
            _published[i] = new MqttApplicationMessageBuilder().WithTopic(_messages[i].Topic).WithPayload(_messages[i].Payload).Build();
            _alarms += RadioFrameReader.IsAlarmEvent(frame) ? 1 : 0;
        }

        Console.WriteLine(
            $"// RAK3172 lines of {_lines.Average(l => l.Length):F0} characters, ChirpStack uplinks of {_messages.Average(m => m.Payload.Length):F0} bytes, " +
            $"The Things Stack uplinks of {_ttsMessages.Average(m => m.Payload.Length):F0} bytes, {_alarms} alarm events");
        if (ParseRak3172Line() != MessageCount || ParseChirpStackUplink() != MessageCount || ParseTheThingsStackUplink() != MessageCount)
        {
            throw new InvalidOperationException("Every line and message must parse as an uplink.");
        }

        if (BrokerAlarmCheck() != _alarms)
        {
            throw new InvalidOperationException("The broker's alarm check must find exactly the alarm events.");
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

    /// <summary>One The Things Stack v3 <c>up</c> message (topic and JSON).</summary>
    [Benchmark(OperationsPerInvoke = MessageCount)]
    public int ParseTheThingsStackUplink()
    {
        var uplinks = 0;
        foreach (var (topic, payload) in _ttsMessages)
        {
            uplinks += LoRaWanMessageParser.Parse(topic, payload).IsUplink ? 1 : 0;
        }

        return uplinks;
    }

    /// <summary>The embedded broker's question for one published ChirpStack message: does its frame carry an alarm event?</summary>
    [Benchmark(OperationsPerInvoke = MessageCount)]
    public int BrokerAlarmCheck()
    {
        var alarms = 0;
        foreach (var message in _published)
        {
            alarms += LoRaWanBroker.CarriesAlarm(message) ? 1 : 0;
        }

        return alarms;
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

    // The shape of The Things Stack v3's documented uplink message (REFERENCE-FORMATS.md), with 1-3 gateways.
    private static byte[] TheThingsStackUplink(int index, string devEui, byte[] frame)
    {
        var gateways = new StringBuilder();
        for (var k = 0; k <= index % 3; k++)
        {
            gateways.Append(k == 0 ? "" : ",").Append(CultureInfo.InvariantCulture,
                $$"""{"gateway_ids":{"gateway_id":"wufu-base-{{k + 1}}","eui":"9C5C8E00001A05{{k:X2}}"},"time":"2026-11-30T01:00:{{index % 60:00}}.787Z","timestamp":{{2463457000L + index}},"rssi":{{-78 - (9 * k)}},"channel_rssi":{{-78 - (9 * k)}},"snr":{{7.5 - (2 * k)}},"channel_index":2,"location":{"latitude":25.1{{k}},"longitude":105.47,"altitude":1300,"source":"SOURCE_REGISTRY"} }""");
        }

        var upper = devEui.ToUpperInvariant();
        return Encoding.UTF8.GetBytes($$$"""
            {"end_device_ids":{"device_id":"eui-{{{devEui}}}","application_ids":{"application_id":"safecommunity"},
               "dev_eui":"{{{upper}}}","join_eui":"800000000000000C","dev_addr":"00BCB929"},
             "correlation_ids":["as:up:01E0WZGT6Y7657CPFPE5WEYDSQ"],
             "received_at":"2026-11-30T01:00:{{{index % 60:00}}}.014773143Z",
             "uplink_message":{"session_key_id":"AXA50tHUGUucuzS/bCGMNw==","f_port":10,"f_cnt":{{{index + 1}}},"frm_payload":"{{{Convert.ToBase64String(frame)}}}",
               "rx_metadata":[{{{gateways}}}],
               "settings":{"data_rate":{"lora":{"bandwidth":125000,"spreading_factor":9}},"coding_rate":"4/5",
                 "frequency":"470300000","timestamp":2463457000,"time":"2026-11-30T01:00:00.787Z"},
               "received_at":"2026-11-30T01:00:{{{index % 60:00}}}.789585559Z","consumed_airtime":"0.056576s"} }
            """);
    }
}
