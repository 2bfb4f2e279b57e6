using SafeCommunity.Iot.Receivers.LoRaWan.NetworkServers;

namespace SafeCommunity.Iot.Receivers.LoRaWan.Tests.NetworkServers;

[Collection(GatewayIdCacheCollection.Name)]
public sealed class GatewayIdsTests
{
    [Theory]
    [InlineData("0016C001F153A14C", "0016c001f153a14c")]
    [InlineData("00-16-c0-01-f1-53-a1-4c", "0016c001f153a14c")]
    [InlineData("ABbAAfFToUw=", "0016c001f153a14c")]
    [InlineData("  PacketBroker ", "packetbroker")]
    [InlineData("gtw1", "gtw1")]
    [InlineData("", null)]
    [InlineData("   ", null)]
    [InlineData("0123456789012345678901234567890123456789012345678901234567890123X", null)]
    public void Normalize_EuiInAnyFormOrAnIdInLowerCase(string id, string? expected)
    {
        Assert.Equal(expected, GatewayIds.Normalize(id));
    }

    [Fact]
    public void Normalize_SameIdWrittenDifferently_IsOneString()
    {
        Assert.Same(GatewayIds.Normalize("9C5C8E00001A05C4"), GatewayIds.Normalize("9c:5c:8e:00:00:1a:05:c4"));
        Assert.Same(GatewayIds.Normalize("Rooftop-7"), GatewayIds.Normalize(" rooftop-7"));
    }
}
