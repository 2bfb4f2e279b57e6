using System.Globalization;

namespace SafeCommunity.Iot.Receivers.LoRaWan.Tests.Support;

/// <summary>Uplink events as network servers publish them, carrying a real frame.</summary>
internal static class UplinkMessages
{
    public static string ChirpStackV4(string devEui, byte[] frame, params (string GatewayId, int Rssi, double Snr, bool Located)[] gateways)
    {
        const string Location = ",\"location\":{\"latitude\":25.1012,\"longitude\":105.4712,\"altitude\":1300}";
        var rx = string.Join(",", gateways.Select(g => string.Create(CultureInfo.InvariantCulture,
            $$"""{"gatewayId":"{{g.GatewayId}}","uplinkId":4217106255,"rssi":{{g.Rssi}},"snr":{{g.Snr}},"context":"E3OWOQ==","metadata":{"region_name":"cn470"}{{(g.Located ? Location : "")}}}""")));
        return $$$"""
            {"deduplicationId":"3ac7e3c4-4401-4b8d-9386-a5c902f9202d","time":"2026-11-29T09:34:15.775023242+00:00",
             "deviceInfo":{"tenantId":"52f14cd4-c6f1-4fbd-8f87-4025e1d49242","tenantName":"ChirpStack",
               "applicationId":"17c82e96-be03-4f38-aef3-f83d48582d97","applicationName":"Test application",
               "deviceProfileId":"14855bf7-d10d-4aee-b618-ebfcb64dc7ad","deviceProfileName":"Test device-profile",
               "deviceName":"Test device","devEui":"{{{devEui}}}","tags":{"key":"value"}},
             "devAddr":"00189440","dr":1,"fPort":10,"fCnt":7,"data":"{{{Convert.ToBase64String(frame)}}}",
             "rxInfo":[{{{rx}}}],
             "txInfo":{"frequency":470300000,"modulation":{"lora":{"bandwidth":125000,"spreadingFactor":11,"codeRate":"CR_4_5"}} }}
            """;
    }

    public static string TheThingsStack(string deviceId, string devEui, byte[] frame, string gatewayEui = "9C5C8E00001A05C4") => $$$"""
        {"end_device_ids":{"device_id":"{{{deviceId}}}","application_ids":{"application_id":"app1"},
           "dev_eui":"{{{devEui.ToUpperInvariant()}}}","join_eui":"800000000000000C","dev_addr":"00BCB929"},
         "correlation_ids":["as:up:01E0WZGT6Y7657CPFPE5WEYDSQ"],
         "received_at":"2026-02-12T15:15:46.014773143Z",
         "uplink_message":{"session_key_id":"AXA50tHUGUucuzS/bCGMNw==","f_port":10,"f_cnt":1,"frm_payload":"{{{Convert.ToBase64String(frame)}}}",
           "rx_metadata":[{"gateway_ids":{"gateway_id":"gtw1","eui":"{{{gatewayEui}}}"},"time":"2026-02-12T15:15:45.787Z",
             "timestamp":2463457000,"rssi":-35,"channel_rssi":-35,"snr":5,"channel_index":2,
             "location":{"latitude":25.0990,"longitude":105.4690,"altitude":2,"source":"SOURCE_REGISTRY"}}],
           "settings":{"data_rate":{"lora":{"bandwidth":125000,"spreading_factor":7}},"coding_rate":"4/6",
             "frequency":"470300000","timestamp":2463457000,"time":"2026-02-12T15:15:45.787Z"},
           "received_at":"2026-02-12T15:15:45.789585559Z","consumed_airtime":"0.056576s"}}
        """;
}
