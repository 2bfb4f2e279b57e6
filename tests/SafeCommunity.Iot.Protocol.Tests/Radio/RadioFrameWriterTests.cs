using SafeCommunity.Iot.Protocol.Radio;
using SafeCommunity.Iot.Protocol.Security;

namespace SafeCommunity.Iot.Protocol.Tests.Radio;

public sealed class RadioFrameWriterTests
{
    private static readonly byte[] Key = Convert.FromHexString("000102030405060708090a0b0c0d0e0f");

    public static TheoryData<string, RadioFrame, int> Frames => new()
    {
        { "beacon", RadioFrame.Beacon(1, 1, DeviceStatusFlags.Armed, 100), 15 },
        { "report", RadioFrame.PositionReport(2, uint.MaxValue, DeviceStatusFlags.GnssFixValid, 0, new GeoFix(-900000000, 1800000000, 255, 255)), 25 },
        { "alarm", RadioFrame.AlarmEvent(3, 5, DeviceStatusFlags.Fall, 127, AlarmEventCode.Fall, new GeoFix(900000000, -1800000000, 0, 0)), 26 },
        { "alarm, no position", RadioFrame.AlarmEvent(4, 6, DeviceStatusFlags.Tamper, 3, AlarmEventCode.PowerOn), 16 },
        { "downlink", RadioFrame.DownlinkCommand(5, 7, DownlinkCommandCode.SetReportInterval, 65535), 18 },
        { "ack", RadioFrame.CommandAck(6, 8, DeviceStatusFlags.None, 55, 7, DownlinkCommandCode.SoundBuzzer, CommandResult.Failed), 21 },
    };

    [Theory]
    [MemberData(nameof(Frames))]
    public void Write_ThenRead_GivesTheSameFrame(string name, RadioFrame frame, int length)
    {
        using var cmac = new AesCmac(Key);

        var bytes = RadioFrameWriter.ToArray(frame, cmac);

        Assert.True(bytes.Length == length, name);
        Assert.Equal(RadioFrameError.None, RadioFrameReader.Read(bytes, out var decoded));
        Assert.Equal(frame with { Mic = decoded.Mic }, decoded);
        Assert.Equal(RadioFrameError.None, RadioFrameReader.VerifyMic(bytes, cmac));
    }

    public static TheoryData<RadioFrame, RadioFrameError> InvalidFrames => new()
    {
        { RadioFrame.Beacon(1, 1, DeviceStatusFlags.None, 101), RadioFrameError.BatteryOutOfRange },
        { RadioFrame.Beacon(1, 1, DeviceStatusFlags.None, 126), RadioFrameError.BatteryOutOfRange },
        { RadioFrame.Beacon(1, 1, (DeviceStatusFlags)0x0200, 50), RadioFrameError.ReservedBitsSet },
        { RadioFrame.Beacon(0, 1, DeviceStatusFlags.None, 50), RadioFrameError.InvalidDeviceId },
        { RadioFrame.PositionReport(1, 1, DeviceStatusFlags.None, 50, new GeoFix(900000001, 0, 1, 1)), RadioFrameError.CoordinateOutOfRange },
        { RadioFrame.PositionReport(1, 1, DeviceStatusFlags.None, 50, new GeoFix(0, -1800000001, 1, 1)), RadioFrameError.CoordinateOutOfRange },
        { RadioFrame.AlarmEvent(1, 1, DeviceStatusFlags.None, 50, 0), RadioFrameError.UnknownEventCode },
        { RadioFrame.AlarmEvent(1, 1, DeviceStatusFlags.None, 50, (AlarmEventCode)8), RadioFrameError.UnknownEventCode },
        { RadioFrame.DownlinkCommand(1, 1, 0, 0), RadioFrameError.UnknownCommand },
        { RadioFrame.DownlinkCommand(1, 1, DownlinkCommandCode.SetReportInterval, 9), RadioFrameError.InvalidCommandArgument },
        { RadioFrame.DownlinkCommand(1, 1, DownlinkCommandCode.SoundBuzzer, 0), RadioFrameError.InvalidCommandArgument },
        { RadioFrame.DownlinkCommand(1, 1, DownlinkCommandCode.SoundBuzzer, 121), RadioFrameError.InvalidCommandArgument },
        { RadioFrame.DownlinkCommand(1, 1, DownlinkCommandCode.LocateNow, 1), RadioFrameError.InvalidCommandArgument },
        { RadioFrame.DownlinkCommand(1, 1, DownlinkCommandCode.Arm, 0) with { Battery = 50 }, RadioFrameError.ReservedBitsSet },
        { RadioFrame.CommandAck(1, 1, DeviceStatusFlags.None, 50, 1, DownlinkCommandCode.Arm, (CommandResult)4), RadioFrameError.UnknownCommandResult },
        { RadioFrame.CommandAck(1, 1, DeviceStatusFlags.None, 50, 1, (DownlinkCommandCode)6, CommandResult.Done), RadioFrameError.UnknownCommand },
        { RadioFrame.Beacon(1, 1, DeviceStatusFlags.None, 50) with { Position = new GeoFix(1, 1, 1, 1) }, RadioFrameError.TrailingBytes },
        { RadioFrame.PositionReport(1, 1, DeviceStatusFlags.None, 50, default) with { Position = null }, RadioFrameError.Truncated },
        { new RadioFrame { Type = (FrameType)6, DeviceId = 1 }, RadioFrameError.UnknownFrameType },
    };

    [Theory]
    [MemberData(nameof(InvalidFrames))]
    public void TryWrite_InvalidFields_WritesNothingAndSaysWhy(RadioFrame frame, RadioFrameError expected)
    {
        using var cmac = new AesCmac(Key);
        var destination = new byte[RadioFrameLayout.MaxFrameLength];

        var error = RadioFrameWriter.TryWrite(frame, cmac, destination, out var written);

        Assert.Equal(expected, error);
        Assert.Equal(0, written);
    }

    [Fact]
    public void TryWrite_DestinationTooShort_Throws()
    {
        using var cmac = new AesCmac(Key);

        Assert.Throws<ArgumentException>(() =>
            RadioFrameWriter.TryWrite(RadioFrame.Beacon(1, 1, DeviceStatusFlags.None, 1), cmac, new byte[14], out _));
    }
}
