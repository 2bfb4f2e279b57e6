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
    [InlineData(0, "bb1d6929e95937287fa37d129b756746", true)]
    [InlineData(16, "070a16b46b4d4144f79bdd9dd04a287c", true)]
    [InlineData(40, "dfa66747de9ae63030ca32611497c827", true)]
    [InlineData(64, "51f0bebf7e3b9d92fc49741779363cfe", true)]
    [InlineData(0, "bb1d6929e95937287fa37d129b756746", false)]
    [InlineData(16, "070a16b46b4d4144f79bdd9dd04a287c", false)]
    [InlineData(40, "dfa66747de9ae63030ca32611497c827", false)]
    [InlineData(64, "51f0bebf7e3b9d92fc49741779363cfe", false)]
    public void Compute_Rfc4493Examples_MatchTheRfc(int messageLength, string expected, bool allowHardware)
    {
        using var cmac = new AesCmac(Convert.FromHexString(RfcKey), allowHardware);
        var mac = new byte[AesCmac.BlockSize];

        cmac.Compute(Convert.FromHexString(RfcMessage).AsSpan(0, messageLength), mac);

        Assert.Equal(expected, Convert.ToHexStringLower(mac));
    }

    [Fact]
    public void Compute_AesInstructionsAndPlatformAes_AgreeOnRandomKeysAndMessages()
    {
        var random = new Random(4493);
        var key = new byte[16];
        var hardwareMac = new byte[16];
        var platformMac = new byte[16];
        for (var i = 0; i < 500; i++)
        {
            random.NextBytes(key);
            var message = new byte[random.Next(0, 70)];
            random.NextBytes(message);
            using var hardware = new AesCmac(key, allowHardware: true);
            using var platform = new AesCmac(key, allowHardware: false);

            hardware.Compute(message, hardwareMac);
            platform.Compute(message, platformMac);

            Assert.Equal(platformMac, hardwareMac);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void SetKey_AnotherKey_GivesWhatANewInstanceGives(bool allowHardware)
    {
        var message = Convert.FromHexString(RfcMessage).AsSpan(0, 40).ToArray();
        var otherKey = Convert.FromHexString("000102030405060708090a0b0c0d0e0f");
        using var reused = new AesCmac(otherKey, allowHardware);
        var mac = new byte[16];
        reused.Compute(message, mac);

        reused.SetKey(Convert.FromHexString(RfcKey));
        reused.Compute(message, mac);

        Assert.Equal("dfa66747de9ae63030ca32611497c827", Convert.ToHexStringLower(mac));
        Assert.Throws<ArgumentException>(() => reused.SetKey(new byte[15]));
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
