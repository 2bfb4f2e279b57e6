using System.Text;
using SafeCommunity.Iot.Receivers.Serial.LoRaP2P;

namespace SafeCommunity.Iot.Receivers.Serial.Tests.LoRaP2P;

public sealed class LineBufferTests
{
    private static readonly string[] Expected = ["OK", "+EVT:RXP2P:-30:13:1234", "Current Work Mode: LoRa P2P."];

    [Fact]
    public void Read_SplitAtEveryByte_GivesTheSameLines()
    {
        var bytes = Encoding.ASCII.GetBytes("\r\nOK\r\n+EVT:RXP2P:-30:13:1234\r\n\nCurrent Work Mode: LoRa P2P.\r\n");
        for (var split = 0; split <= bytes.Length; split++)
        {
            var buffer = new LineBuffer();
            var lines = ReadAll(buffer, bytes[..split]).Concat(ReadAll(buffer, bytes[split..])).ToList();

            Assert.Equal(Expected, lines);
        }
    }

    [Fact]
    public void Read_OneByteAtATime_GivesTheSameLines()
    {
        var buffer = new LineBuffer();
        var bytes = Encoding.ASCII.GetBytes("OK\n+EVT:RXP2P:-30:13:1234\rCurrent Work Mode: LoRa P2P.\r\n");

        var lines = bytes.SelectMany(b => ReadAll(buffer, [b])).ToList();

        Assert.Equal(Expected, lines);
    }

    [Fact]
    public void Read_OverlongLine_IsDroppedAndCountedThenReadingGoesOn()
    {
        var buffer = new LineBuffer(maxLineLength: 16);
        var bytes = Encoding.ASCII.GetBytes(new string('x', 40) + "\r\nOK\r\n");

        var lines = ReadAll(buffer, bytes).ToList();

        Assert.Equal(["OK"], lines);
        Assert.Equal(1, buffer.Overflows);
    }

    private static List<string> ReadAll(LineBuffer buffer, byte[] input)
    {
        var lines = new List<string>();
        var offset = 0;
        while (offset < input.Length)
        {
            var line = buffer.Read(input.AsSpan(offset), out var consumed);
            offset += consumed;
            if (line is not null)
            {
                lines.Add(line);
            }
        }

        return lines;
    }
}
