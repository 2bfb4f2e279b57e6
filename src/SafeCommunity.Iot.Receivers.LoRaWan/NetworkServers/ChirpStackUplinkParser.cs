using System.Text.Json;
using SafeCommunity.Iot.Core.Geodesy;

namespace SafeCommunity.Iot.Receivers.LoRaWan.NetworkServers;

/// <summary>
/// Reads ChirpStack uplink events: v4 (<c>deviceInfo.devEui</c>, <c>rxInfo[].gatewayId</c>, <c>snr</c>), v3.11+
/// and the legacy <c>rx</c> JSON (<c>devEUI</c>, <c>rxInfo[].gatewayID</c>, <c>loRaSNR</c>). Each field is read under
/// every name it has had, so a v3 body on a v4-style topic (or the reverse) still reads.
/// </summary>
/// <remarks>
/// One forward pass: the fields the gateway uses are read where they stand, in any order, and everything else is
/// skipped unread (most of an event is device, tenant and radio metadata). A field given twice counts as its last
/// occurrence, as a JSON object lookup would. The reader must be on the root object's <c>{</c>; it is left on its <c>}</c>.
/// </remarks>
internal static class ChirpStackUplinkParser
{
    public static LoRaWanParseResult Parse(in LoRaWanTopic topic, ref Utf8JsonReader reader)
    {
        var hasDeviceInfo = false;
        DeviceInfo deviceInfo = default;
        TextField<ulong?> devEuiV3 = default;
        TextField<ulong?> devEuiOther = default;
        string? applicationIdV3 = null;
        string? applicationIdOther = null;
        byte[]? payload = null;
        LoRaWanParseResult? failure = LoRaWanParseResult.Failure(LoRaWanParseStatus.MissingData, "data is missing");
        LoRaWanReception[] receptions = [];
        uint? fPort = null;
        uint? fCnt = null;
        DateTimeOffset? time = null;

        Span<byte> name = stackalloc byte[JsonFields.MaxNameLength];
        while (JsonFields.NextProperty(ref reader, name, out var length))
        {
            var property = name[..length];
            if (property.SequenceEqual("data"u8))
            {
                payload = UplinkPayload.Read(ref reader, "data", out failure);
            }
            else if (property.SequenceEqual("rxInfo"u8))
            {
                receptions = ReceptionArray.Read(ref reader, ReadReception);
            }
            else if (property.SequenceEqual("deviceInfo"u8))
            {
                hasDeviceInfo = reader.TokenType == JsonTokenType.StartObject;
                deviceInfo = ReadDeviceInfo(ref reader, topic.ApplicationId);
            }
            else if (property.SequenceEqual("fCnt"u8))
            {
                fCnt = JsonFields.ReadUInt32(ref reader);
            }
            else if (property.SequenceEqual("fPort"u8))
            {
                fPort = JsonFields.ReadUInt32(ref reader);
            }
            else if (property.SequenceEqual("time"u8))
            {
                time = JsonFields.ReadTimestamp(ref reader);
            }
            else if (property.SequenceEqual("devEUI"u8))
            {
                devEuiV3 = JsonFields.ReadEui(ref reader);
            }
            else if (property.SequenceEqual("devEui"u8))
            {
                devEuiOther = JsonFields.ReadEui(ref reader);
            }
            else if (property.SequenceEqual("applicationID"u8))
            {
                applicationIdV3 = JsonFields.ReadString(ref reader, topic.ApplicationId, LoRaWanTopic.Names);
            }
            else if (property.SequenceEqual("applicationId"u8))
            {
                applicationIdOther = JsonFields.ReadString(ref reader, topic.ApplicationId, LoRaWanTopic.Names);
            }
            else
            {
                reader.Skip();
            }
        }

        if (payload is null)
        {
            return failure!.Value;
        }

        var format = topic.Kind == LoRaWanTopicKind.ChirpStackLegacyUplink
            ? NetworkServerFormat.ChirpStackV3Legacy
            : hasDeviceInfo ? NetworkServerFormat.ChirpStackV4 : NetworkServerFormat.ChirpStackV3;

        // v4's deviceInfo first, then v3's top-level field under either spelling, then the topic's DevEUI.
        var devEui = deviceInfo.DevEui.Value ?? (devEuiV3.Present ? devEuiV3.Value : devEuiOther.Value);
        if (devEui is null && Eui.TryParse(topic.Device, out var fromTopic))
        {
            devEui = fromTopic;
        }

        return LoRaWanParseResult.Success(new LoRaWanUplink
        {
            Format = format,
            ApplicationId = deviceInfo.ApplicationId ?? applicationIdV3 ?? applicationIdOther ?? topic.ApplicationId,
            DevEui = devEui is { } eui ? Eui.ToText(eui, topic.Device) : null,
            FPort = (int?)fPort,
            FCnt = fCnt,
            NetworkTime = time ?? ReceptionArray.FirstTime(receptions),
            Payload = payload,
            Receptions = receptions,
        });
    }

    private static DeviceInfo ReadDeviceInfo(ref Utf8JsonReader reader, string? topicApplicationId)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return default;
        }

        DeviceInfo info = default;
        Span<byte> name = stackalloc byte[JsonFields.MaxNameLength];
        while (JsonFields.NextProperty(ref reader, name, out var length))
        {
            var property = name[..length];
            if (property.SequenceEqual("devEui"u8))
            {
                info = info with { DevEui = JsonFields.ReadEui(ref reader) };
            }
            else if (property.SequenceEqual("applicationId"u8))
            {
                info = info with { ApplicationId = JsonFields.ReadString(ref reader, topicApplicationId, LoRaWanTopic.Names) };
            }
            else
            {
                reader.Skip();
            }
        }

        return info;
    }

    private static LoRaWanReception ReadReception(ref Utf8JsonReader reader)
    {
        TextField<string> gatewayV4 = default;
        TextField<string> gatewayV3 = default;
        double? rssi = null;
        double? snrV4 = null;
        double? snrV3 = null;
        DateTimeOffset? nsTime = null;
        DateTimeOffset? gwTime = null;
        DateTimeOffset? time = null;
        GeoPoint? location = null;
        Span<byte> name = stackalloc byte[JsonFields.MaxNameLength];
        while (JsonFields.NextProperty(ref reader, name, out var length))
        {
            var property = name[..length];
            if (property.SequenceEqual("gatewayId"u8))
            {
                gatewayV4 = JsonFields.ReadGatewayId(ref reader);
            }
            else if (property.SequenceEqual("rssi"u8))
            {
                rssi = JsonFields.ReadDouble(ref reader);
            }
            else if (property.SequenceEqual("snr"u8))
            {
                snrV4 = JsonFields.ReadDouble(ref reader);
            }
            else if (property.SequenceEqual("location"u8))
            {
                location = JsonFields.ReadLocation(ref reader);
            }
            else if (property.SequenceEqual("nsTime"u8))
            {
                nsTime = JsonFields.ReadTimestamp(ref reader);
            }
            else if (property.SequenceEqual("gwTime"u8))
            {
                gwTime = JsonFields.ReadTimestamp(ref reader);
            }
            else if (property.SequenceEqual("time"u8))
            {
                time = JsonFields.ReadTimestamp(ref reader);
            }
            else if (property.SequenceEqual("gatewayID"u8))
            {
                gatewayV3 = JsonFields.ReadGatewayId(ref reader);
            }
            else if (property.SequenceEqual("loRaSNR"u8))
            {
                snrV3 = JsonFields.ReadDouble(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }

        // Protobuf JSON leaves out fields equal to 0; a gateway that reports an RSSI always reports an SNR.
        var snr = snrV4 ?? snrV3 ?? (rssi.HasValue ? 0 : null);
        var gateway = gatewayV4.Present ? gatewayV4.Value : gatewayV3.Value;
        return new LoRaWanReception(gateway, rssi, snr, location, nsTime ?? gwTime ?? time);
    }

    /// <summary>What v4's <c>deviceInfo</c> object says.</summary>
    private readonly record struct DeviceInfo(TextField<ulong?> DevEui, string? ApplicationId);
}
