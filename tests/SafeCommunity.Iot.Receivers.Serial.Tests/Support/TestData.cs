using System.Globalization;
using System.Text;
using SafeCommunity.Iot.Protocol.Link;
using SafeCommunity.Iot.Protocol.Radio;
using SafeCommunity.Iot.Protocol.Security;

namespace SafeCommunity.Iot.Receivers.Serial.Tests.Support;

/// <summary>Frames, link records and NMEA sentences for tests, built with the project's own writers.</summary>
internal static class TestData
{
    public static readonly byte[] Key = Convert.FromHexString("2b7e151628aed2a6abf7158809cf4f3c");

    /// <summary>The RMC of PROTOCOL.md §2.3: 25.1012345° N, 105.4712345° E.</summary>
    public const string Rmc = "$GNRMC,083559.00,A,2506.07407,N,10528.27407,E,0.004,77.52,291126,,,A*";

    public static byte[] Beacon(uint deviceId, uint counter)
    {
        using var cmac = new AesCmac(Key);
        return RadioFrameWriter.ToArray(RadioFrame.Beacon(deviceId, counter, DeviceStatusFlags.Armed, 87), cmac);
    }

    public static byte[] ReceptionRecord(byte[] frame, short rssi = -87, sbyte snrQuarterDb = 38, uint rxTimeMs = 123456)
    {
        var buffer = new byte[LinkLayout.MaxWireLength];
        var length = LinkRecordWriter.WriteReception(buffer, rxTimeMs, rssi, snrQuarterDb, frame);
        return buffer[..length];
    }

    public static byte[] StatusRecord(uint hardwareId, ReceiverStatusFlags flags = ReceiverStatusFlags.None, uint uptime = 3600)
    {
        var buffer = new byte[LinkLayout.MaxWireLength];
        var status = new ReceiverStatus(hardwareId, 1, 2, 3, flags, uptime, 1000, 7, 2);
        var length = LinkRecordWriter.WriteStatus(buffer, status);
        return buffer[..length];
    }

    public static byte[] SentenceRecord(string sentence)
    {
        var buffer = new byte[LinkLayout.MaxWireLength];
        var length = LinkRecordWriter.WriteSentence(buffer, Encoding.ASCII.GetBytes(sentence));
        return buffer[..length];
    }

    /// <summary>Appends the right checksum to "$...*" (or to "$..." without the star).</summary>
    public static string WithChecksum(string sentence)
    {
        var body = sentence.TrimEnd('*');
        byte checksum = 0;
        foreach (var c in body.AsSpan(1))
        {
            checksum ^= (byte)c;
        }

        return body + "*" + checksum.ToString("X2", CultureInfo.InvariantCulture);
    }

    public static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];
}
