using System.Text.Json;
using SafeCommunity.Iot.Core.Registry;
using V1 = SafeCommunity.Iot.Contracts.V1;

namespace SafeCommunity.Iot.Api.Devices;

/// <summary>
/// An enrolment or update written as a one-device registry file, so that it goes through the same validation as
/// an imported file (field by field, against the devices already enrolled) and is stored the same way.
/// </summary>
internal static class RegistryRequestJson
{
    public static byte[] OneDevice(V1.Device device, string keyHex)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray("devices");
            json.WriteStartObject();
            json.WriteNumber("id", device.Id);
            json.WriteString("kind", device.Kind is >= V1.DeviceKind.EbikeChip and <= V1.DeviceKind.ChildWristband
                ? ((DeviceKind)(int)device.Kind).Name()
                : device.Kind.ToString());
            json.WriteString("key", keyHex);
            json.WriteString("displayName", device.DisplayName);
            json.WriteString("community", device.CommunityId);
            json.WriteString("owner", device.Owner);
            WriteOptional(json, "devEui", device.DevEui);
            WriteOptional(json, "networkServerDeviceId", device.NetworkServerDeviceId);
            if (device.SilentTimeout is { } timeout)
            {
                json.WriteNumber("silentTimeoutSeconds", timeout.Seconds);
            }

            if (device.HasLowBatteryPercent)
            {
                json.WriteNumber("lowBatteryPercent", device.LowBatteryPercent);
            }

            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>The request field an import error of a one-device file is about.</summary>
    public static string FieldOf(string reason)
    {
        var names = new (string File, string Request)[]
        {
            ("displayName", "device.display_name"), ("community", "device.community_id"), ("owner", "device.owner"),
            ("devEui", "device.dev_eui"), ("networkServerDeviceId", "device.network_server_device_id"),
            ("silentTimeoutSeconds", "device.silent_timeout"), ("lowBatteryPercent", "device.low_battery_percent"),
            ("key", "key_hex"), ("kind", "device.kind"), ("id", "device.id"),
        };
        foreach (var (file, request) in names)
        {
            if (reason.StartsWith(file, StringComparison.Ordinal))
            {
                return request;
            }
        }

        return "device";
    }

    private static void WriteOptional(Utf8JsonWriter json, string name, string value)
    {
        if (value.Length > 0)
        {
            json.WriteString(name, value);
        }
    }
}
