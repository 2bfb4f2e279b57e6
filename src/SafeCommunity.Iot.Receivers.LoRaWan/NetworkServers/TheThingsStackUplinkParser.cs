using System.Text.Json;

namespace SafeCommunity.Iot.Receivers.LoRaWan.NetworkServers;

/// <summary>
/// Reads The Things Stack v3 uplink messages (<c>end_device_ids</c>, <c>uplink_message.frm_payload</c>,
/// <c>uplink_message.rx_metadata[]</c>). Empty fields are omitted by the stack, so everything but the frame is optional.
/// </summary>
internal static class TheThingsStackUplinkParser
{
    public static LoRaWanParseResult Parse(in LoRaWanTopic topic, JsonElement root)
    {
        if (!root.TryGetObject("uplink_message", out var uplink))
        {
            return LoRaWanParseResult.Failure(LoRaWanParseStatus.MissingData, "uplink_message is missing");
        }

        var payload = UplinkPayload.Decode(uplink, "frm_payload", "uplink_message.frm_payload", out var failure);
        if (failure is { } failed)
        {
            return failed;
        }

        root.TryGetObject("end_device_ids", out var ids);
        ids.TryGetObject("application_ids", out var applicationIds);

        _ = uplink.TryGetArray("rx_metadata", out var metadata);
        var receptions = ReceptionArray.Read(metadata, ReadReception, out var firstReceptionTime);

        return LoRaWanParseResult.Success(new LoRaWanUplink
        {
            Format = NetworkServerFormat.TheThingsStackV3,
            ApplicationId = applicationIds.GetStringOrNull("application_id") ?? topic.ApplicationId,
            DevEui = Eui.Normalize(ids.GetStringOrNull("dev_eui")),
            NetworkServerDeviceId = ids.GetStringOrNull("device_id") ?? topic.Device,
            FPort = (int?)uplink.GetUInt32OrNull("f_port"),
            FCnt = uplink.GetUInt32OrNull("f_cnt"),
            NetworkTime = uplink.GetTimestampOrNull("received_at") ?? root.GetTimestampOrNull("received_at") ?? firstReceptionTime,
            Payload = payload,
            Receptions = receptions,
        });
    }

    private static LoRaWanReception ReadReception(JsonElement rx)
    {
        rx.TryGetObject("gateway_ids", out var gatewayIds);
        var gateway = GatewayIds.Normalize(gatewayIds.GetStringOrNull("eui")) ?? GatewayIds.Normalize(gatewayIds.GetStringOrNull("gateway_id"));
        var rssi = rx.GetDoubleOrNull("rssi") ?? rx.GetDoubleOrNull("channel_rssi");
        var snr = rx.GetDoubleOrNull("snr") ?? (rssi.HasValue ? 0 : null);
        var time = rx.GetTimestampOrNull("time") ?? rx.GetTimestampOrNull("received_at");
        return new LoRaWanReception(gateway, rssi, snr, rx.GetLocationOrNull(), time);
    }
}
