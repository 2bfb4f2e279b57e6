using System.Text.Json;

namespace SafeCommunity.Iot.Receivers.LoRaWan.NetworkServers;

/// <summary>
/// Reads ChirpStack uplink events: v4 (<c>deviceInfo.devEui</c>, <c>rxInfo[].gatewayId</c>, <c>snr</c>), v3.11+
/// and the legacy <c>rx</c> JSON (<c>devEUI</c>, <c>rxInfo[].gatewayID</c>, <c>loRaSNR</c>). Each field is read under
/// every name it has had, so a v3 body on a v4-style topic (or the reverse) still reads.
/// </summary>
internal static class ChirpStackUplinkParser
{
    public static LoRaWanParseResult Parse(in LoRaWanTopic topic, JsonElement root)
    {
        var hasDeviceInfo = root.TryGetObject("deviceInfo", out var deviceInfo);
        var format = topic.Kind == LoRaWanTopicKind.ChirpStackLegacyUplink
            ? NetworkServerFormat.ChirpStackV3Legacy
            : hasDeviceInfo ? NetworkServerFormat.ChirpStackV4 : NetworkServerFormat.ChirpStackV3;

        var payload = UplinkPayload.Decode(root, "data", "data", out var failure);
        if (failure is { } failed)
        {
            return failed;
        }

        var devEui = Eui.Normalize(deviceInfo.GetStringOrNull("devEui")) ??
            Eui.Normalize(root.GetStringOrNull("devEUI", "devEui")) ??
            Eui.Normalize(topic.Device);
        var applicationId = deviceInfo.GetStringOrNull("applicationId") ??
            root.GetStringOrNull("applicationID", "applicationId") ??
            topic.ApplicationId;

        _ = root.TryGetArray("rxInfo", out var rxInfo);
        var receptions = ReceptionArray.Read(rxInfo, ReadReception, out var firstReceptionTime);

        return LoRaWanParseResult.Success(new LoRaWanUplink
        {
            Format = format,
            ApplicationId = applicationId,
            DevEui = devEui,
            FPort = (int?)root.GetUInt32OrNull("fPort"),
            FCnt = root.GetUInt32OrNull("fCnt"),
            NetworkTime = root.GetTimestampOrNull("time") ?? firstReceptionTime,
            Payload = payload,
            Receptions = receptions,
        });
    }

    private static LoRaWanReception ReadReception(JsonElement rx)
    {
        var gateway = rx.GetStringOrNull("gatewayId", "gatewayID");
        var rssi = rx.GetDoubleOrNull("rssi");

        // Protobuf JSON leaves out fields equal to 0; a gateway that reports an RSSI always reports an SNR.
        var snr = rx.GetDoubleOrNull("snr") ?? rx.GetDoubleOrNull("loRaSNR") ?? (rssi.HasValue ? 0 : null);
        var time = rx.GetTimestampOrNull("nsTime") ?? rx.GetTimestampOrNull("gwTime") ?? rx.GetTimestampOrNull("time");
        return new LoRaWanReception(GatewayIds.Normalize(gateway), rssi, snr, rx.GetLocationOrNull(), time);
    }
}
