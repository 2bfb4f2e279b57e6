using System.Text.Json;
using SafeCommunity.Iot.Core.Geodesy;

namespace SafeCommunity.Iot.Receivers.LoRaWan.NetworkServers;

/// <summary>
/// Reads The Things Stack v3 uplink messages (<c>end_device_ids</c>, <c>uplink_message.frm_payload</c>,
/// <c>uplink_message.rx_metadata[]</c>). Empty fields are omitted by the stack, so everything but the frame is optional.
/// </summary>
/// <remarks>
/// One forward pass, like <see cref="ChirpStackUplinkParser"/>: the fields the gateway uses are read in any order,
/// everything else is skipped, a field given twice counts as its last occurrence. The reader must be on the root
/// object's <c>{</c>; it is left on its <c>}</c>.
/// </remarks>
internal static class TheThingsStackUplinkParser
{
    public static LoRaWanParseResult Parse(in LoRaWanTopic topic, ref Utf8JsonReader reader)
    {
        UplinkMessage? uplink = null;
        DeviceIds ids = default;
        DateTimeOffset? receivedAt = null;
        Span<byte> name = stackalloc byte[JsonFields.MaxNameLength];
        while (JsonFields.NextProperty(ref reader, name, out var length))
        {
            var property = name[..length];
            if (property.SequenceEqual("uplink_message"u8))
            {
                uplink = ReadUplinkMessage(ref reader);
            }
            else if (property.SequenceEqual("end_device_ids"u8))
            {
                ids = ReadDeviceIds(ref reader, topic);
            }
            else if (property.SequenceEqual("received_at"u8))
            {
                receivedAt = JsonFields.ReadTimestamp(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }

        if (uplink is not { } message)
        {
            return LoRaWanParseResult.Failure(LoRaWanParseStatus.MissingData, "uplink_message is missing");
        }

        if (message.Payload is not { } payload)
        {
            return message.Failure!.Value;
        }

        return LoRaWanParseResult.Success(new LoRaWanUplink
        {
            Format = NetworkServerFormat.TheThingsStackV3,
            ApplicationId = ids.ApplicationId ?? topic.ApplicationId,
            DevEui = ids.DevEui is { } eui ? Eui.ToText(eui, known: null) : null,
            NetworkServerDeviceId = ids.DeviceId ?? topic.Device,
            FPort = (int?)message.FPort,
            FCnt = message.FCnt,
            NetworkTime = message.ReceivedAt ?? receivedAt ?? ReceptionArray.FirstTime(message.Receptions),
            Payload = payload,
            Receptions = message.Receptions,
        });
    }

    /// <summary>The <c>uplink_message</c> object's fields; null when the value is not an object.</summary>
    private static UplinkMessage? ReadUplinkMessage(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }

        byte[]? payload = null;
        LoRaWanParseResult? failure = LoRaWanParseResult.Failure(LoRaWanParseStatus.MissingData, "uplink_message.frm_payload is missing");
        LoRaWanReception[] receptions = [];
        uint? fPort = null;
        uint? fCnt = null;
        DateTimeOffset? receivedAt = null;
        Span<byte> name = stackalloc byte[JsonFields.MaxNameLength];
        while (JsonFields.NextProperty(ref reader, name, out var length))
        {
            var property = name[..length];
            if (property.SequenceEqual("frm_payload"u8))
            {
                payload = UplinkPayload.Read(ref reader, "uplink_message.frm_payload", out failure);
            }
            else if (property.SequenceEqual("rx_metadata"u8))
            {
                receptions = ReceptionArray.Read(ref reader, ReadReception);
            }
            else if (property.SequenceEqual("f_port"u8))
            {
                fPort = JsonFields.ReadUInt32(ref reader);
            }
            else if (property.SequenceEqual("f_cnt"u8))
            {
                fCnt = JsonFields.ReadUInt32(ref reader);
            }
            else if (property.SequenceEqual("received_at"u8))
            {
                receivedAt = JsonFields.ReadTimestamp(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }

        return new UplinkMessage(payload, payload is null ? failure : null, receptions, fPort, fCnt, receivedAt);
    }

    private static DeviceIds ReadDeviceIds(ref Utf8JsonReader reader, in LoRaWanTopic topic)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return default;
        }

        DeviceIds ids = default;
        Span<byte> name = stackalloc byte[JsonFields.MaxNameLength];
        while (JsonFields.NextProperty(ref reader, name, out var length))
        {
            var property = name[..length];
            if (property.SequenceEqual("device_id"u8))
            {
                // One device id per device: not worth a cache entry, but usually the topic's own string.
                ids = ids with { DeviceId = JsonFields.ReadString(ref reader, topic.Device, cache: null) };
            }
            else if (property.SequenceEqual("dev_eui"u8))
            {
                ids = ids with { DevEui = JsonFields.ReadEui(ref reader).Value };
            }
            else if (property.SequenceEqual("application_ids"u8))
            {
                ids = ids with { ApplicationId = ReadApplicationId(ref reader, topic.ApplicationId) };
            }
            else
            {
                reader.Skip();
            }
        }

        return ids;
    }

    /// <summary>The <c>application_ids</c> object's <c>application_id</c>.</summary>
    private static string? ReadApplicationId(ref Utf8JsonReader reader, string? topicApplicationId)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }

        string? applicationId = null;
        Span<byte> name = stackalloc byte[JsonFields.MaxNameLength];
        while (JsonFields.NextProperty(ref reader, name, out var length))
        {
            var property = name[..length];
            if (property.SequenceEqual("application_id"u8))
            {
                applicationId = JsonFields.ReadString(ref reader, topicApplicationId, LoRaWanTopic.Names);
            }
            else
            {
                reader.Skip();
            }
        }

        return applicationId;
    }

    private static LoRaWanReception ReadReception(ref Utf8JsonReader reader)
    {
        GatewayIdentifiers gateway = default;
        double? rssi = null;
        double? channelRssi = null;
        double? snr = null;
        DateTimeOffset? time = null;
        DateTimeOffset? receivedAt = null;
        GeoPoint? location = null;
        Span<byte> name = stackalloc byte[JsonFields.MaxNameLength];
        while (JsonFields.NextProperty(ref reader, name, out var length))
        {
            var property = name[..length];
            if (property.SequenceEqual("gateway_ids"u8))
            {
                gateway = ReadGatewayIds(ref reader);
            }
            else if (property.SequenceEqual("rssi"u8))
            {
                rssi = JsonFields.ReadDouble(ref reader);
            }
            else if (property.SequenceEqual("snr"u8))
            {
                snr = JsonFields.ReadDouble(ref reader);
            }
            else if (property.SequenceEqual("time"u8))
            {
                time = JsonFields.ReadTimestamp(ref reader);
            }
            else if (property.SequenceEqual("location"u8))
            {
                location = JsonFields.ReadLocation(ref reader);
            }
            else if (property.SequenceEqual("channel_rssi"u8))
            {
                channelRssi = JsonFields.ReadDouble(ref reader);
            }
            else if (property.SequenceEqual("received_at"u8))
            {
                receivedAt = JsonFields.ReadTimestamp(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }

        rssi ??= channelRssi;
        return new LoRaWanReception(gateway.Eui ?? gateway.GatewayId, rssi, snr ?? (rssi.HasValue ? 0 : null), location, time ?? receivedAt);
    }

    /// <summary>The <c>gateway_ids</c> object: the gateway's EUI is its id, else its The Things Stack gateway id.</summary>
    private static GatewayIdentifiers ReadGatewayIds(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return default;
        }

        GatewayIdentifiers ids = default;
        Span<byte> name = stackalloc byte[JsonFields.MaxNameLength];
        while (JsonFields.NextProperty(ref reader, name, out var length))
        {
            var property = name[..length];
            if (property.SequenceEqual("eui"u8))
            {
                ids = ids with { Eui = JsonFields.ReadGatewayId(ref reader).Value };
            }
            else if (property.SequenceEqual("gateway_id"u8))
            {
                ids = ids with { GatewayId = JsonFields.ReadGatewayId(ref reader).Value };
            }
            else
            {
                reader.Skip();
            }
        }

        return ids;
    }

    private readonly record struct UplinkMessage(
        byte[]? Payload, LoRaWanParseResult? Failure, LoRaWanReception[] Receptions, uint? FPort, uint? FCnt, DateTimeOffset? ReceivedAt);

    private readonly record struct DeviceIds(string? DeviceId, ulong? DevEui, string? ApplicationId);

    private readonly record struct GatewayIdentifiers(string? Eui, string? GatewayId);
}
