using SafeCommunity.Iot.Protocol.Security;

namespace SafeCommunity.Iot.Protocol.Tests.Security;

public sealed class AesCmacTests
{
    private const string RfcKey = "2b7e151628aed2a6abf7158809cf4f3c";

    private const string RfcMessage =
        "6bc1bee22e409f96e93d7e117393172a" +
        "ae2d8a571e03ac9c9eb76fac45af8e51" +
        "30c81c46a35ce411e5fbc1191a0a52ef" +
        "f69f2445df4f9b17ad2b417be66c3710";

    [Theory]
    [InlineData(0, "bb1d6929e95937287fa37d129b756746")]
    [InlineData(16, "070a16b46b4d4144f79bdd9dd04a287c")]
    [InlineData(40, "dfa66747de9ae63030ca32611497c827")]
    [InlineData(64, "51f0bebf7e3b9d92fc49741779363cfe")]
    public void Compute_Rfc4493Examples_MatchTheRfc(int messageLength, string expected)
    {
        using var cmac = new AesCmac(Convert.FromHexString(RfcKey));
        var mac = new byte[AesCmac.BlockSize];

        cmac.Compute(Convert.FromHexString(RfcMessage).AsSpan(0, messageLength), mac);

        Assert.Equal(expected, Convert.ToHexStringLower(mac));
    }

    [Fact]
    public void Compute_RepeatedOnOneInstance_GivesTheSameResult()
    {
        using var cmac = new AesCmac(Convert.FromHexString(RfcKey));
        var message = Convert.FromHexString(RfcMessage).AsSpan(0, 40);
        var first = new byte[16];
        var second = new byte[16];

        cmac.Compute(message, first);
        cmac.Compute(Convert.FromHexString(RfcMessage).AsSpan(0, 16), second);
        cmac.Compute(message, second);

        Assert.Equal(first, second);
    }

    [Fact]
    public void VerifyMic_TruncatedCmac_IsAcceptedAndAnyChangedByteIsRejected()
    {
        using var cmac = new AesCmac(Convert.FromHexString(RfcKey));
        var message = Convert.FromHexString(RfcMessage).AsSpan(0, 40).ToArray();
        var mic = Convert.FromHexString("dfa66747");

        Assert.True(cmac.VerifyMic(message, mic));
        for (var i = 0; i < mic.Length; i++)
        {
            var forged = (byte[])mic.Clone();
            forged[i] ^= 0x01;
            Assert.False(cmac.VerifyMic(message, forged));
        }

        message[0] ^= 0x80;
        Assert.False(cmac.VerifyMic(message, mic));
    }

    [Fact]
    public void Constructor_KeyNotSixteenBytes_Throws()
    {
        Assert.Throws<ArgumentException>(() => new AesCmac(new byte[15]));
        Assert.Throws<ArgumentException>(() => new AesCmac(new byte[32]));
    }
}
