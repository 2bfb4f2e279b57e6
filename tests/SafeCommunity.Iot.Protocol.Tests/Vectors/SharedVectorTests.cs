using SafeCommunity.Iot.Protocol.Link;
using SafeCommunity.Iot.Protocol.Radio;
using SafeCommunity.Iot.Protocol.Security;

namespace SafeCommunity.Iot.Protocol.Tests.Vectors;

/// <summary>Every file of firmware-protocol/vectors, decoded and re-encoded byte for byte.</summary>
public sealed class SharedVectorTests
{
    public static TheoryData<string> VectorFiles()
    {
        var data = new TheoryData<string>();
        foreach (var vector in ProtocolVector.LoadAll())
        {
            data.Add(vector.FileName);
        }

        return data;
    }

    private static ProtocolVector Load(string fileName) =>
        ProtocolVector.Load(Path.Combine(AppContext.BaseDirectory, "vectors", fileName));

    [Fact]
    public void VectorFolder_HoldsEveryKindAndAtLeastSixteenVectors()
    {
        var vectors = ProtocolVector.LoadAll();

        Assert.True(vectors.Count >= 16, $"only {vectors.Count} vectors were found");
        Assert.Contains(vectors, v => v.Kind == "cmac");
        foreach (var type in Enum.GetValues<FrameType>())
        {
            Assert.Contains(vectors, v => v.Kind == "radio-frame" && v.Valid && v.ToRadioFrame().Type == type);
        }

        foreach (var type in Enum.GetValues<LinkRecordType>())
        {
            Assert.Contains(vectors, v => v.Kind == "link-record" && v.Valid && v.RecordType == type);
        }

        Assert.Contains(vectors, v => !v.Valid && v.Kind == "radio-frame");
        Assert.Contains(vectors, v => !v.Valid && v.Kind == "link-record");
    }

    [Theory]
    [MemberData(nameof(VectorFiles))]
    public void Vector_DecodesToItsFieldsAndEncodesToItsBytes(string fileName)
    {
        var vector = Load(fileName);
        switch (vector.Kind)
        {
            case "cmac":
                CheckCmac(vector);
                break;
            case "radio-frame" when vector.Valid:
                CheckValidFrame(vector);
                break;
            case "radio-frame":
                CheckInvalidFrame(vector);
                break;
            case "link-record" when vector.Valid:
                CheckValidLinkRecord(vector);
                break;
            case "link-record":
                CheckInvalidLinkRecord(vector);
                break;
            default:
                Assert.Fail($"unknown vector kind '{vector.Kind}'");
                break;
        }
    }

    private static void CheckCmac(ProtocolVector vector)
    {
        var mac = new byte[AesCmac.BlockSize];
        AesCmac.Compute(vector.Key, vector.Message, mac);
        Assert.Equal(Convert.ToHexStringLower(vector.Cmac), Convert.ToHexStringLower(mac));
    }

    private static void CheckValidFrame(ProtocolVector vector)
    {
        var bytes = vector.Bytes;
        var expected = vector.ToRadioFrame();

        Assert.Equal(RadioFrameError.None, RadioFrameReader.Read(bytes, out var frame));
        Assert.Equal(expected with { Mic = frame.Mic }, frame);
        using var cmac = new AesCmac(vector.Key);
        Assert.Equal(RadioFrameError.None, RadioFrameReader.VerifyMic(bytes, cmac));
        Assert.Equal(Convert.ToHexStringLower(bytes), Convert.ToHexStringLower(RadioFrameWriter.ToArray(expected, cmac)));
    }

    private static void CheckInvalidFrame(ProtocolVector vector)
    {
        var expected = Enum.Parse<RadioFrameError>(vector.Error!);
        var error = RadioFrameReader.Read(vector.Bytes, out _);
        if (expected == RadioFrameError.BadMic)
        {
            Assert.Equal(RadioFrameError.None, error);
            using var cmac = new AesCmac(vector.Key);
            error = RadioFrameReader.VerifyMic(vector.Bytes, cmac);
        }

        Assert.Equal(expected, error);
    }

    private static void CheckValidLinkRecord(ProtocolVector vector)
    {
        var wire = vector.Bytes;
        Assert.Equal(LinkLayout.Delimiter, wire[^1]);

        var scratch = new byte[LinkLayout.MaxRecordLength];
        Assert.Equal(LinkRecordError.None, LinkRecordReader.ReadEncoded(wire.AsSpan(0, wire.Length - 1), scratch, out var record));
        Assert.Equal(vector.RecordType, record.Type);
        Assert.Equal(Convert.ToHexStringLower(vector.RecordBytes), Convert.ToHexStringLower(scratch.AsSpan(0, vector.RecordBytes.Length)));

        var encoded = new byte[LinkLayout.MaxWireLength];
        var fields = vector.Fields;
        int written;
        switch (record.Type)
        {
            case LinkRecordType.RadioReception:
                Assert.Equal(fields.GetProperty("rx_time_ms").GetUInt32(), record.Reception.RxTimeMs);
                Assert.Equal(fields.GetProperty("rssi").GetInt16(), record.Reception.RssiDbm);
                Assert.Equal(fields.GetProperty("snr").GetSByte(), record.Reception.SnrQuarterDb);
                Assert.Equal(fields.GetProperty("frame").GetString(), Convert.ToHexStringLower(record.Reception.Frame));
                written = LinkRecordWriter.WriteReception(
                    encoded, record.Reception.RxTimeMs, record.Reception.RssiDbm, record.Reception.SnrQuarterDb,
                    Convert.FromHexString(fields.GetProperty("frame").GetString()!));
                break;
            case LinkRecordType.ReceiverStatus:
                Assert.Equal(vector.ToReceiverStatus(), record.Status);
                written = LinkRecordWriter.WriteStatus(encoded, vector.ToReceiverStatus());
                break;
            default:
                var sentence = fields.GetProperty("sentence").GetString()!;
                Assert.Equal(sentence, System.Text.Encoding.ASCII.GetString(record.Sentence));
                written = LinkRecordWriter.WriteSentence(encoded, System.Text.Encoding.ASCII.GetBytes(sentence));
                break;
        }

        Assert.Equal(Convert.ToHexStringLower(wire), Convert.ToHexStringLower(encoded.AsSpan(0, written)));
    }

    private static void CheckInvalidLinkRecord(ProtocolVector vector)
    {
        var expected = Enum.Parse<LinkRecordError>(vector.Error!);
        var decoder = new LinkStreamDecoder();
        var status = decoder.Decode(vector.Bytes, out var consumed, out _, out var error);

        Assert.Equal(LinkStreamStatus.Rejected, status);
        Assert.Equal(expected, error);
        Assert.Equal(vector.Bytes.Length, consumed);
        Assert.Equal(1, decoder.Statistics.Rejected(expected));
    }
}
