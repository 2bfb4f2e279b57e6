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
}
