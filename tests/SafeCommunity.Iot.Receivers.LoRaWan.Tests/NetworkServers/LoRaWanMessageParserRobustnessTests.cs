using System.Buffers;
using System.Text;
using SafeCommunity.Iot.Receivers.LoRaWan.NetworkServers;
using static SafeCommunity.Iot.Receivers.LoRaWan.Tests.NetworkServers.ParserTestExtensions;

namespace SafeCommunity.Iot.Receivers.LoRaWan.Tests.NetworkServers;

/// <summary>The parser never throws, whatever arrives on a subscribed topic.</summary>
public sealed class LoRaWanMessageParserRobustnessTests
{
    [Theory]
    [InlineData("", LoRaWanParseStatus.NotJson)]
    [InlineData("   ", LoRaWanParseStatus.NotJson)]
    [InlineData("garbage", LoRaWanParseStatus.NotJson)]
    [InlineData("{", LoRaWanParseStatus.NotJson)]
    [InlineData("{\"data\":\"qg==\"", LoRaWanParseStatus.NotJson)]
    [InlineData("[1,2,3]", LoRaWanParseStatus.NotJson)]
    [InlineData("\"qg==\"", LoRaWanParseStatus.NotJson)]
    [InlineData("null", LoRaWanParseStatus.NotJson)]
    [InlineData("{} {}", LoRaWanParseStatus.NotJson)]
    [InlineData("{\"data\":\"qg==\"}\0", LoRaWanParseStatus.NotJson)]
    [InlineData("{}", LoRaWanParseStatus.MissingData)]
    public void Parse_Garbage_IsRejectedWithAReason(string payload, LoRaWanParseStatus expected)
    {
        Assert.Equal(expected, Parse(Samples.ChirpStackV4Topic, payload).Status);
        Assert.Equal(expected == LoRaWanParseStatus.MissingData ? expected : LoRaWanParseStatus.NotJson, Parse(Samples.TheThingsStackTopic, payload).Status);
    }

    [Fact]
    public void Parse_EscapeOfHalfASurrogatePairInAField_IsRejectedNotThrown()
    {
        // Well-formed JSON whose string System.Text.Json cannot read; every string field is read this way.
        foreach (var (topic, sample) in new[] { (Samples.ChirpStackV4Topic, Samples.ChirpStackV4), (Samples.TheThingsStackTopic, Samples.TheThingsStack) })
        {
            var eui = System.Text.RegularExpressions.Regex.Match(sample, "\"(?:devEui|dev_eui)\"\\s*:\\s*\"([0-9a-fA-F]{16})\"").Groups[1].Value;
            Assert.NotEmpty(eui);

            var result = Parse(topic, sample.Replace(eui, "\\udfea", StringComparison.Ordinal));

            Assert.False(result.IsUplink);
            Assert.Equal(LoRaWanParseStatus.NotJson, result.Status);
        }
    }

    [Fact]
    public void Parse_BinaryProtobufPayload_IsNotJson()
    {
        byte[] protobuf = [0x0A, 0x24, 0x33, 0x61, 0x63, 0x37, 0xFF, 0x00, 0x12, 0x80];

        Assert.Equal(LoRaWanParseStatus.NotJson, LoRaWanMessageParser.Parse(Samples.ChirpStackV4Topic, protobuf).Status);
    }

    [Fact]
    public void Parse_DeeplyNestedJson_IsNotJson()
    {
        var payload = new string('[', 10_000) + new string(']', 10_000);

        Assert.Equal(LoRaWanParseStatus.NotJson, Parse(Samples.ChirpStackV4Topic, payload).Status);
    }

    [Fact]
    public void Parse_OversizeMessage_IsRejectedBeforeParsing()
    {
        var payload = new byte[LoRaWanMessageParser.MaxMessageBytes + 1];

        Assert.Equal(LoRaWanParseStatus.Oversize, LoRaWanMessageParser.Parse(Samples.ChirpStackV4Topic, payload).Status);
        Assert.Equal(LoRaWanParseStatus.Oversize, LoRaWanMessageParser.Parse(Samples.ChirpStackV4Topic, Split(payload, 1000)).Status);
    }

    [Fact]
    public void Parse_ByteOrderMark_IsTolerated()
    {
        var payload = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(Samples.ChirpStackV4)).ToArray();

        Assert.True(LoRaWanMessageParser.Parse(Samples.ChirpStackV4Topic, payload).IsUplink);
    }

    [Fact]
    public void Parse_EveryTruncation_NeverThrowsAndIsNeverAnUplink()
    {
        foreach (var (topic, text) in Samples.All)
        {
            var payload = Encoding.UTF8.GetBytes(text.Trim());
            for (var length = 0; length < payload.Length; length++)
            {
                var result = LoRaWanMessageParser.Parse(topic, payload.AsSpan(0, length));
                Assert.False(result.IsUplink, $"{topic} cut at {length} bytes");
            }

            Assert.True(LoRaWanMessageParser.Parse(topic, payload).IsUplink);
        }
    }

    [Fact]
    public void Parse_PayloadSplitAtEveryPosition_ReadsTheSameAsWhole()
    {
        foreach (var (topic, text) in Samples.All)
        {
            var payload = Encoding.UTF8.GetBytes(text);
            var whole = LoRaWanMessageParser.Parse(topic, payload).Uplink!;
            for (var cut = 1; cut < payload.Length; cut += 7)
            {
                var split = LoRaWanMessageParser.Parse(topic, Split(payload, cut)).Uplink;
                Assert.NotNull(split);
                Assert.Equal(whole.Payload.ToArray(), split.Payload.ToArray());
                Assert.Equal(whole.Receptions, split.Receptions);
                Assert.Equal(whole.DevEui, split.DevEui);
            }
        }
    }

    [Fact]
    public void Parse_RandomMutations_NeverThrow()
    {
        var random = new Random(20261129);
        var samples = Samples.All.Select(s => (s.Topic, Bytes: Encoding.UTF8.GetBytes(s.Payload))).ToArray();
        for (var i = 0; i < 20_000; i++)
        {
            var (topic, original) = samples[i % samples.Length];
            var mutated = (byte[])original.Clone();
            var edits = random.Next(1, 8);
            for (var e = 0; e < edits; e++)
            {
                mutated[random.Next(mutated.Length)] = (byte)random.Next(256);
            }

            var result = LoRaWanMessageParser.Parse(topic, mutated);
            Assert.True(Enum.IsDefined(result.Status));
            Assert.Equal(result.Status == LoRaWanParseStatus.Uplink, result.Uplink is not null);
        }
    }

    [Fact]
    public void Parse_RandomBytes_NeverThrow()
    {
        var random = new Random(42);
        var buffer = new byte[512];
        for (var i = 0; i < 5_000; i++)
        {
            var length = random.Next(buffer.Length);
            random.NextBytes(buffer.AsSpan(0, length));
            Assert.NotEqual(LoRaWanParseStatus.Uplink, LoRaWanMessageParser.Parse(Samples.TheThingsStackTopic, buffer.AsSpan(0, length)).Status);
        }
    }

    private static ReadOnlySequence<byte> Split(byte[] bytes, int chunk)
    {
        Segment? first = null;
        Segment? last = null;
        for (var offset = 0; offset < bytes.Length; offset += chunk)
        {
            var memory = bytes.AsMemory(offset, Math.Min(chunk, bytes.Length - offset));
            last = last is null ? first = new Segment(memory) : last.Append(memory);
        }

        return new ReadOnlySequence<byte>(first!, 0, last!, last!.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory) => Memory = memory;

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory) { RunningIndex = RunningIndex + Memory.Length };
            Next = next;
            return next;
        }
    }
}
