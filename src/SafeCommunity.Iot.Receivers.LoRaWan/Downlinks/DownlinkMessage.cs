using System.Buffers;
using System.Text.Json;
using SafeCommunity.Iot.Core.Downlinks;
using SafeCommunity.Iot.Core.Registry;
using SafeCommunity.Iot.Receivers.LoRaWan.Hosting;

namespace SafeCommunity.Iot.Receivers.LoRaWan.Downlinks;

/// <summary>
/// The MQTT topic and JSON body that make a network server queue a downlink:
/// ChirpStack <c>application/{ApplicationId}/device/{devEui}/command/down</c> with
/// <c>{"devEui":"…","confirmed":false,"fPort":10,"data":"…"}</c> (the body's <c>devEui</c> must equal the topic's);
/// The Things Stack <c>v3/{ApplicationId}@{TenantId}/devices/{device id}/down/push</c> with
/// <c>{"downlinks":[{"f_port":10,"frm_payload":"…","priority":"NORMAL"}]}</c>.
/// </summary>
internal static class DownlinkMessage
{
    /// <summary>The topic for <paramref name="device"/>, or why there is none.</summary>
    public static bool TryGetTopic(LoRaWanOptions options, Device device, out string topic, out DownlinkStatus failure, out string error)
    {
        topic = error = string.Empty;
        failure = DownlinkStatus.NotConfigured;
        if (!options.Enabled)
        {
            error = $"the LoRaWAN receiver is disabled ({LoRaWanOptions.SectionName}:Enabled)";
            return false;
        }

        if (!LoRaWanOptionsValidator.IsTopicSegment(options.ApplicationId))
        {
            error = $"{LoRaWanOptions.SectionName}:ApplicationId is not configured: downlink topics need the network server's application id";
            return false;
        }

        failure = DownlinkStatus.NotAddressable;
        if (options.NetworkServer == NetworkServerKind.TheThingsStack)
        {
            // The Things Stack addresses devices by its own device id; its console names them eui-{deveui} by default.
            var deviceId = device.NetworkServerDeviceId ?? (device.DevEui is { } eui ? $"eui-{eui.ToLowerInvariant()}" : null);
            if (!LoRaWanOptionsValidator.IsTopicSegment(deviceId))
            {
                error = $"{device} has neither a The Things Stack device id nor a DevEUI";
                return false;
            }

            var owner = string.IsNullOrEmpty(options.TenantId) ? options.ApplicationId : $"{options.ApplicationId}@{options.TenantId}";
            topic = $"v3/{owner}/devices/{deviceId}/down/push";
            return true;
        }

        if (device.DevEui is not { } devEui || !NetworkServers.Eui.TryNormalize(devEui, out var normalized))
        {
            error = $"{device} has no DevEUI, which ChirpStack addresses devices by";
            return false;
        }

        topic = $"application/{options.ApplicationId}/device/{normalized}/command/down";
        return true;
    }

    /// <summary>The JSON body for <paramref name="frame"/> on <paramref name="topic"/>.</summary>
    public static byte[] CreateBody(LoRaWanOptions options, string topic, ReadOnlySpan<byte> frame)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (options.NetworkServer == NetworkServerKind.TheThingsStack)
            {
                json.WriteStartArray("downlinks");
                json.WriteStartObject();
                json.WriteNumber("f_port", options.DownlinkFPort);
                json.WriteBase64String("frm_payload", frame);
                json.WriteString("priority", "NORMAL");
                json.WriteEndObject();
                json.WriteEndArray();
            }
            else
            {
                // ChirpStack compares the body's devEui with the topic's as strings: take it from the topic itself.
                json.WriteString("devEui", DevEuiOfTopic(topic));
                json.WriteBoolean("confirmed", false);
                json.WriteNumber("fPort", options.DownlinkFPort);
                json.WriteBase64String("data", frame);
            }

            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static string DevEuiOfTopic(string topic)
    {
        // application/{applicationId}/device/{devEui}/command/down
        var parts = topic.Split('/');
        return parts[3];
    }
}
