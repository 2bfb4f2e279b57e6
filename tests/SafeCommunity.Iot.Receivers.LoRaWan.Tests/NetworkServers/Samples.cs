namespace SafeCommunity.Iot.Receivers.LoRaWan.Tests.NetworkServers;

/// <summary>The public examples of REFERENCE-FORMATS.md, verbatim, and their topics.</summary>
internal static class Samples
{
    public const string ChirpStackV4Topic = "application/17c82e96-be03-4f38-aef3-f83d48582d97/device/0101010101010101/event/up";

    /// <summary>ChirpStack v4, official documentation example.</summary>
    public const string ChirpStackV4 = """
        {"deduplicationId":"3ac7e3c4-4401-4b8d-9386-a5c902f9202d","time":"2022-07-18T09:34:15.775023242+00:00",
         "deviceInfo":{"tenantId":"52f14cd4-c6f1-4fbd-8f87-4025e1d49242","tenantName":"ChirpStack",
           "applicationId":"17c82e96-be03-4f38-aef3-f83d48582d97","applicationName":"Test application",
           "deviceProfileId":"14855bf7-d10d-4aee-b618-ebfcb64dc7ad","deviceProfileName":"Test device-profile",
           "deviceName":"Test device","devEui":"0101010101010101","tags":{"key":"value"}},
         "devAddr":"00189440","dr":1,"fPort":1,"data":"qg==",
         "rxInfo":[{"gatewayId":"0016c001f153a14c","uplinkId":4217106255,"rssi":-36,"snr":10.5,"context":"E3OWOQ==",
           "metadata":{"region_name":"eu868","region_common_name":"EU868"}}],
         "txInfo":{"frequency":867100000,"modulation":{"lora":{"bandwidth":125000,"spreadingFactor":11,"codeRate":"CR_4_5"}}}}
        """;

    public const string ChirpStackV3Topic = "application/123/device/0202020202020202/event/up";

    public const string ChirpStackV3LegacyTopic = "application/123/device/0202020202020202/rx";

    /// <summary>ChirpStack v3 legacy JSON (the reference elides <c>data</c>; "AQID" is 01 02 03).</summary>
    public const string ChirpStackV3Legacy = """
        {"applicationID":"123","applicationName":"temperature-sensor","deviceName":"garden-sensor","devEUI":"0202020202020202",
         "rxInfo":[{"gatewayID":"0303030303030303","name":"rooftop-gateway","time":"2016-11-25T16:24:37.295915988Z",
         "rssi":-57,"loRaSNR":10,"location":{"latitude":52.3740364,"longitude":4.9144401,"altitude":10.5}}],
         "txInfo":{"frequency":868100000,"dr":5},"adr":false,"fCnt":10,"fPort":5,"data":"AQID"}
        """;

    public const string TheThingsStackTopic = "v3/app1@ttn/devices/dev1/up";

    /// <summary>The Things Stack v3, documentation example.</summary>
    public const string TheThingsStack = """
        {"end_device_ids":{"device_id":"dev1","application_ids":{"application_id":"app1"},
           "dev_eui":"0004A30B001C0530","join_eui":"800000000000000C","dev_addr":"00BCB929"},
         "correlation_ids":["as:up:01E0WZGT6Y7657CPFPE5WEYDSQ"],
         "received_at":"2020-02-12T15:15:46.014773143Z",
         "uplink_message":{"session_key_id":"AXA50tHUGUucuzS/bCGMNw==","f_port":1,"f_cnt":1,"frm_payload":"gkHe",
           "rx_metadata":[{"gateway_ids":{"gateway_id":"gtw1","eui":"9C5C8E00001A05C4"},"time":"2020-02-12T15:15:45.787Z",
             "timestamp":2463457000,"rssi":-35,"channel_rssi":-35,"snr":5,"channel_index":2,
             "location":{"latitude":37.97155556731436,"longitude":23.72678801175413,"altitude":2,"source":"SOURCE_REGISTRY"}}],
           "settings":{"data_rate":{"lora":{"bandwidth":125000,"spreading_factor":7}},"coding_rate":"4/6",
             "frequency":"868300000","timestamp":2463457000,"time":"2020-02-12T15:15:45.787Z"},
           "received_at":"2020-02-12T15:15:45.789585559Z","consumed_airtime":"0.056576s"}}
        """;

    public static IEnumerable<(string Topic, string Payload)> All =>
    [
        (ChirpStackV4Topic, ChirpStackV4),
        (ChirpStackV3Topic, ChirpStackV3Legacy),
        (ChirpStackV3LegacyTopic, ChirpStackV3Legacy),
        (TheThingsStackTopic, TheThingsStack),
    ];
}
