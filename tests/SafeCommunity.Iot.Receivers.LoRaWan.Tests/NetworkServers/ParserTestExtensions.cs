using System.Text;
using SafeCommunity.Iot.Receivers.LoRaWan.NetworkServers;

namespace SafeCommunity.Iot.Receivers.LoRaWan.Tests.NetworkServers;

internal static class ParserTestExtensions
{
    public static LoRaWanParseResult Parse(string topic, string payload) =>
        LoRaWanMessageParser.Parse(topic, Encoding.UTF8.GetBytes(payload));

    public static LoRaWanUplink ParseUplink(string topic, string payload)
    {
        var result = Parse(topic, payload);
        Assert.True(result.IsUplink, $"expected an uplink, got {result.Status} ({result.Detail})");
        return result.Uplink;
    }

    /// <summary>Every field of two uplinks is the same (the record's own equality compares the frame and list by reference).</summary>
    public static void AssertSameUplink(LoRaWanUplink expected, LoRaWanUplink actual)
    {
        Assert.Equal(expected.Format, actual.Format);
        Assert.Equal(expected.ApplicationId, actual.ApplicationId);
        Assert.Equal(expected.DevEui, actual.DevEui);
        Assert.Equal(expected.NetworkServerDeviceId, actual.NetworkServerDeviceId);
        Assert.Equal(expected.FPort, actual.FPort);
        Assert.Equal(expected.FCnt, actual.FCnt);
        Assert.Equal(expected.NetworkTime, actual.NetworkTime);
        Assert.Equal(expected.Payload.ToArray(), actual.Payload.ToArray());
        Assert.Equal(expected.Receptions, actual.Receptions);
    }

    /// <summary>Two results say the same: status, reason and, for an uplink, every field.</summary>
    public static void AssertSameResult(LoRaWanParseResult expected, LoRaWanParseResult actual)
    {
        Assert.Equal(expected.Status, actual.Status);
        Assert.Equal(expected.Detail, actual.Detail);
        if (expected.Uplink is { } uplink)
        {
            AssertSameUplink(uplink, actual.Uplink!);
        }
    }
}
