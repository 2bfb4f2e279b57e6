using System.Text;
using SafeCommunity.Iot.Protocol.Link;

namespace SafeCommunity.Iot.Protocol.Tests.Link;

public sealed class Crc16CcittFalseTests
{
    [Fact]
    public void Compute_CheckString_GivesTheCatalogueCheckValue() =>
        Assert.Equal(0x29B1, Crc16CcittFalse.Compute(Encoding.ASCII.GetBytes("123456789")));

    [Fact]
    public void Compute_Empty_IsTheInitialValue() => Assert.Equal(0xFFFF, Crc16CcittFalse.Compute([]));
}
