using SafeCommunity.Iot.Protocol.Radio;
using SafeCommunity.Iot.Protocol.Security;

namespace SafeCommunity.Iot.Protocol.Tests.Radio;

public sealed class RadioFrameReaderTests
{
    // PROTOCOL.md §1.9.
    private const string WorkedExample = "12eeffc0002a00000000aff924f60e19a2dd3e080311802af5";
    private static readonly byte[] Key = Convert.FromHexString("2b7e151628aed2a6abf7158809cf4f3c");

    [Fact]
    public void Read_WorkedExample_GivesEveryField()
    {
        var error = RadioFrameReader.Read(Convert.FromHexString(WorkedExample), out var frame);

        Assert.Equal(RadioFrameError.None, error);
        Assert.Equal(FrameType.PositionReport, frame.Type);
        Assert.Equal(0x00C0FFEEu, frame.DeviceId);
        Assert.Equal(42u, frame.Counter);
        Assert.Equal(DeviceStatusFlags.GnssFixValid, frame.Flags);
        Assert.Equal((byte)87, frame.BatteryPercent);
        Assert.Equal(new GeoFix(251012345, 1054712345, 8, 3), frame.Position);
        Assert.Equal(25.1012345, frame.Position!.Value.Latitude, 7);
        Assert.Equal(105.4712345, frame.Position!.Value.Longitude, 7);
    }

    [Fact]
    public void HeaderPeeks_ReadTheClaimedDeviceAndAlarmType_WithoutChecks_AndRefuseShortInput()
    {
        var position = Convert.FromHexString(WorkedExample);
        using var cmac = new AesCmac(Key);
        var buffer = new byte[RadioFrameLayout.MaxFrameLength];
        Assert.Equal(RadioFrameError.None, RadioFrameWriter.TryWrite(
            RadioFrame.AlarmEvent(0x22000001, 7, DeviceStatusFlags.None, 70, AlarmEventCode.Sos), cmac, buffer, out var written));
        var sos = buffer.AsSpan(0, written).ToArray();

        Assert.True(RadioFrameReader.TryPeekDeviceId(position, out var device));
        Assert.Equal(0x00C0FFEEu, device);
        Assert.False(RadioFrameReader.IsAlarmEvent(position));
        Assert.True(RadioFrameReader.IsAlarmEvent(sos));
        Assert.True(RadioFrameReader.TryPeekDeviceId(sos, out device));
        Assert.Equal(0x22000001u, device);

        Assert.False(RadioFrameReader.TryPeekDeviceId(position.AsSpan(0, 4), out _));
        Assert.True(RadioFrameReader.TryPeekDeviceId(position.AsSpan(0, 5), out device));
        Assert.Equal(0x00C0FFEEu, device);
        Assert.False(RadioFrameReader.IsAlarmEvent([]));
        Assert.False(RadioFrameReader.TryPeekDeviceId([], out _));
    }

    [Fact]
    public void VerifyMic_WorkedExampleWithItsKey_Passes_WithAnotherKey_Fails()
    {
        var bytes = Convert.FromHexString(WorkedExample);
        using var right = new AesCmac(Key);
        using var wrong = new AesCmac(new byte[16]);

        Assert.Equal(RadioFrameError.None, RadioFrameReader.VerifyMic(bytes, right));
        Assert.Equal(RadioFrameError.BadMic, RadioFrameReader.VerifyMic(bytes, wrong));
    }

    [Fact]
    public void VerifyMic_AnyFlippedBit_IsBadMic()
    {
        var original = Convert.FromHexString(WorkedExample);
        using var cmac = new AesCmac(Key);
        for (var bit = 0; bit < original.Length * 8; bit++)
        {
            var forged = (byte[])original.Clone();
            forged[bit / 8] ^= (byte)(1 << (bit % 8));
            if (RadioFrameReader.Read(forged, out _) == RadioFrameError.None)
            {
                Assert.Equal(RadioFrameError.BadMic, RadioFrameReader.VerifyMic(forged, cmac));
            }
        }
    }

    [Fact]
    public void Read_EveryShorterPrefixOfAValidFrame_IsTruncated()
    {
        var bytes = Convert.FromHexString(WorkedExample);
        for (var length = 0; length < bytes.Length; length++)
        {
            Assert.Equal(RadioFrameError.Truncated, RadioFrameReader.Read(bytes.AsSpan(0, length), out _));
        }
    }

    [Theory]
    [InlineData(0x02, RadioFrameError.UnsupportedVersion)]
    [InlineData(0x22, RadioFrameError.UnsupportedVersion)]
    [InlineData(0xF1, RadioFrameError.UnsupportedVersion)]
    [InlineData(0x10, RadioFrameError.UnknownFrameType)]
    [InlineData(0x16, RadioFrameError.UnknownFrameType)]
    [InlineData(0x1F, RadioFrameError.UnknownFrameType)]
    public void Read_BadHeaderByte_IsRejectedWithItsReason(byte header, RadioFrameError expected)
    {
        var bytes = Convert.FromHexString(WorkedExample);
        bytes[0] = header;

        Assert.Equal(expected, RadioFrameReader.Read(bytes, out _));
    }

    [Fact]
    public void Read_TooLong_IsTrailingBytesUpToTheLimitThenOversize()
    {
        var bytes = Convert.FromHexString(WorkedExample);

        Assert.Equal(RadioFrameError.TrailingBytes, RadioFrameReader.Read([.. bytes, 0], out _));
        Assert.Equal(RadioFrameError.TrailingBytes, RadioFrameReader.Read([.. bytes, .. new byte[51 - bytes.Length]], out _));
        Assert.Equal(RadioFrameError.Oversize, RadioFrameReader.Read([.. bytes, .. new byte[52 - bytes.Length]], out _));
    }

    [Fact]
    public void Read_AlarmEvent_LengthMustMatchThePositionBit()
    {
        using var cmac = new AesCmac(Key);
        var withPosition = RadioFrameWriter.ToArray(
            RadioFrame.AlarmEvent(7, 1, DeviceStatusFlags.Sos, 50, AlarmEventCode.Sos, new GeoFix(1, 2, 3, 4)), cmac);
        var withoutPosition = RadioFrameWriter.ToArray(RadioFrame.AlarmEvent(7, 2, DeviceStatusFlags.Sos, 50, AlarmEventCode.Sos), cmac);

        Assert.Equal(26, withPosition.Length);
        Assert.Equal(16, withoutPosition.Length);
        withPosition[11] &= 0x7F;   // claims no position but carries one
        withoutPosition[11] |= 0x80; // claims a position but carries none
        Assert.Equal(RadioFrameError.TrailingBytes, RadioFrameReader.Read(withPosition, out _));
        Assert.Equal(RadioFrameError.Truncated, RadioFrameReader.Read(withoutPosition, out _));
    }

    [Theory]
    [InlineData(0x00, 0x00, RadioFrameError.None)]
    [InlineData(0x00, 0x01, RadioFrameError.ReservedBitsSet)]
    [InlineData(0x01, 0x00, RadioFrameError.ReservedBitsSet)]
    [InlineData(0x00, 0xD0, RadioFrameError.ReservedBitsSet)]
    public void Read_Downlink_StatusMustBeZero(byte statusLow, byte statusHigh, RadioFrameError expected)
    {
        using var cmac = new AesCmac(Key);
        var bytes = RadioFrameWriter.ToArray(RadioFrame.DownlinkCommand(9, 3, DownlinkCommandCode.Arm, 0), cmac);
        bytes[9] = statusLow;
        bytes[10] = statusHigh;

        Assert.Equal(expected, RadioFrameReader.Read(bytes, out _));
    }

    [Fact]
    public void Read_ManyFramesBackToBack_AllocatesNothing()
    {
        var bytes = Convert.FromHexString(WorkedExample);
        using var cmac = new AesCmac(Key);
        _ = RadioFrameReader.Read(bytes, out _);
        _ = RadioFrameReader.VerifyMic(bytes, cmac);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10_000; i++)
        {
            if (RadioFrameReader.Read(bytes, out var frame) != RadioFrameError.None || frame.Counter != 42 ||
                RadioFrameReader.VerifyMic(bytes, cmac) != RadioFrameError.None)
            {
                Assert.Fail("the frame stopped decoding");
            }
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
