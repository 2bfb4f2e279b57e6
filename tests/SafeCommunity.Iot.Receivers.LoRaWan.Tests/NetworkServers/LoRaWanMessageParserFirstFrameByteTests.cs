using System.Buffers;
using System.Text;
using SafeCommunity.Iot.Receivers.LoRaWan.NetworkServers;

namespace SafeCommunity.Iot.Receivers.LoRaWan.Tests.NetworkServers;

/// <summary><see cref="LoRaWanMessageParser.TryReadFirstFrameByte"/>: the frame's first byte without a full parse.</summary>
[Collection(GatewayIdCacheCollection.Name)]
public sealed class LoRaWanMessageParserFirstFrameByteTests
{
    [Fact]
    public void TryReadFirstFrameByte_ReferenceExamples_ReadTheFramesFirstByte()
    {
        foreach (var (topic, text) in Samples.All)
        {
            var payload = Encoding.UTF8.GetBytes(text);

            Assert.True(LoRaWanMessageParser.TryReadFirstFrameByte(topic, new ReadOnlySequence<byte>(payload), out var first), topic);
            Assert.Equal(LoRaWanMessageParser.Parse(topic, payload).Uplink!.Payload.Span[0], first);
        }
    }

    [Theory]
    [InlineData("application/17c82e96-be03-4f38-aef3-f83d48582d97/device/0101010101010101/event/join")]
    [InlineData("v3/app1@ttn/devices/dev1/down/push")]
    [InlineData("gateway/0016c001f153a14c/event/up")]
    [InlineData("")]
    [InlineData(null)]
    public void TryReadFirstFrameByte_NotAnUplinkTopic_IsFalse(string? topic)
    {
        Assert.False(Read(topic, Samples.ChirpStackV4, out _));
    }

    [Theory]
    [InlineData("""{"data":"qg=="}""", 0xAA)]
    [InlineData("""{"object":{"data":"AQ=="},"rxInfo":[{"data":"AQ=="}],"data":"qg=="}""", 0xAA)]
    [InlineData("""{"data":"\u002B\/8="}""", 0xFB)]
    [InlineData("""{"data":" q g = = "}""", 0xAA)]
    [InlineData("""{"\u0064ata":"qg=="}""", 0xAA)]
    [InlineData("""{"data":"qg==","rxInfo":[{"gatewayId":""", 0xAA)]
    public void TryReadFirstFrameByte_ChirpStack_FindsTheTopLevelData(string payload, byte expected)
    {
        Assert.True(Read(Samples.ChirpStackV4Topic, payload, out var first));
        Assert.Equal(expected, first);
    }

    [Theory]
    [InlineData("""{"frm_payload":"AQ==","uplink_message":{"settings":{"frm_payload":"AQ=="},"frm_payload":"gkHe"}}""", 0x82)]
    [InlineData("""{"end_device_ids":{"device_id":"dev1"},"uplink_message":{"f_port":1,"frm_payload":"qg=="}}""", 0xAA)]
    public void TryReadFirstFrameByte_TheThingsStack_FindsTheUplinkMessagesFrame(string payload, byte expected)
    {
        Assert.True(Read(Samples.TheThingsStackTopic, payload, out var first));
        Assert.Equal(expected, first);
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("[\"qg==\"]")]
    [InlineData("""{"deviceInfo":{"devEui":"0101010101010101"}}""")]
    [InlineData("""{"object":{"data":"qg=="}}""")]
    [InlineData("""{"data":null}""")]
    [InlineData("""{"data":42}""")]
    [InlineData("""{"data":""}""")]
    [InlineData("""{"data":"   "}""")]
    [InlineData("""{"data":"qg="}""")]
    [InlineData("""{"data":"not base64"}""")]
    [InlineData("""{"data":"\udfea"}""")]
    [InlineData("""{"dev":}, "data":"qg=="}""")]
    public void TryReadFirstFrameByte_NoReadableFrame_IsFalse(string payload)
    {
        Assert.False(Read(Samples.ChirpStackV4Topic, payload, out _));
    }

    [Theory]
    [InlineData("""{"uplink_message":"gkHe"}""")]
    [InlineData("""{"uplink_message":{"rx_metadata":[]}}""")]
    [InlineData("""{"frm_payload":"gkHe"}""")]
    public void TryReadFirstFrameByte_TheThingsStackWithoutUplinkFrame_IsFalse(string payload)
    {
        Assert.False(Read(Samples.TheThingsStackTopic, payload, out _));
    }

    [Fact]
    public void TryReadFirstFrameByte_TextLongerThanAnyFrame_IsFalse()
    {
        Assert.True(Read(Samples.ChirpStackV4Topic, $$"""{"data":"{{Convert.ToBase64String(new byte[384])}}"}""", out _));
        Assert.False(Read(Samples.ChirpStackV4Topic, $$"""{"data":"{{Convert.ToBase64String(new byte[385])}}"}""", out _));
    }

    [Fact]
    public void TryReadFirstFrameByte_OversizeMessage_IsFalse()
    {
        var payload = $$"""{"data":"qg==","pad":"{{new string('x', LoRaWanMessageParser.MaxMessageBytes)}}"}""";

        Assert.False(Read(Samples.ChirpStackV4Topic, payload, out _));
    }

    [Fact]
    public void TryReadFirstFrameByte_ByteAtATimeAndEveryTruncation_SameAsWhole()
    {
        foreach (var (topic, text) in Samples.All)
        {
            var payload = Encoding.UTF8.GetBytes(text);
            for (var length = 0; length <= payload.Length; length++)
            {
                var cut = payload[..length];
                var whole = LoRaWanMessageParser.TryReadFirstFrameByte(topic, new ReadOnlySequence<byte>(cut), out var first);
                var split = LoRaWanMessageParser.TryReadFirstFrameByte(topic, Segments.ByteAtATime(cut), out var splitFirst);
                Assert.Equal(whole, split);
                Assert.Equal(first, splitFirst);
            }
        }
    }

    [Fact]
    public void TryReadFirstFrameByte_RandomMutations_NeverThrowAndAgreeWithTheParser()
    {
        var random = new Random(31);
        var samples = Samples.All.Select(s => (s.Topic, Bytes: Encoding.UTF8.GetBytes(s.Payload))).ToArray();
        for (var i = 0; i < 20_000; i++)
        {
            var (topic, original) = samples[i % samples.Length];
            var mutated = (byte[])original.Clone();
            for (var e = random.Next(1, 6); e > 0; e--)
            {
                mutated[random.Next(mutated.Length)] = (byte)random.Next(256);
            }

            var found = LoRaWanMessageParser.TryReadFirstFrameByte(topic, Segments.Split(mutated, 1 + (i % 13)), out var first);

            // Where the parser sees an uplink, the frame field was read; a mutation that wrote a second frame field is
            // the one case they may differ (first occurrence here, last there).
            if (LoRaWanMessageParser.Parse(topic, mutated).Uplink is { } uplink && Occurrences(mutated, topic) == 1)
            {
                Assert.True(found);
                Assert.Equal(uplink.Payload.Span[0], first);
            }
        }
    }

    [Fact]
    public void TryReadFirstFrameByte_AfterWarmUp_AllocatesNothing()
    {
        var chirpStack = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(Samples.ChirpStackV4));
        var theThingsStack = Segments.Split(Encoding.UTF8.GetBytes(Samples.TheThingsStack), 100);
        Assert.True(LoRaWanMessageParser.TryReadFirstFrameByte(Samples.ChirpStackV4Topic, chirpStack, out _));
        Assert.True(LoRaWanMessageParser.TryReadFirstFrameByte(Samples.TheThingsStackTopic, theThingsStack, out _));

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            _ = LoRaWanMessageParser.TryReadFirstFrameByte(Samples.ChirpStackV4Topic, chirpStack, out _);
            _ = LoRaWanMessageParser.TryReadFirstFrameByte(Samples.TheThingsStackTopic, theThingsStack, out _);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static bool Read(string? topic, string payload, out byte first) =>
        LoRaWanMessageParser.TryReadFirstFrameByte(topic, new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(payload)), out first);

    private static int Occurrences(byte[] payload, string topic)
    {
        var name = topic.StartsWith("v3/", StringComparison.Ordinal) ? "\"frm_payload\""u8 : "\"data\""u8;
        var count = 0;
        for (var rest = payload.AsSpan(); rest.IndexOf(name) is var at and >= 0; rest = rest[(at + name.Length)..])
        {
            count++;
        }

        return count;
    }
}
