using System.Buffers;
using System.Text;
using SafeCommunity.Iot.Receivers.LoRaWan.NetworkServers;
using static SafeCommunity.Iot.Receivers.LoRaWan.Tests.NetworkServers.ParserTestExtensions;

namespace SafeCommunity.Iot.Receivers.LoRaWan.Tests.NetworkServers;

/// <summary>The parser never throws, whatever arrives on a subscribed topic.</summary>
[Collection(GatewayIdCacheCollection.Name)]
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
        Assert.Equal(LoRaWanParseStatus.Oversize, LoRaWanMessageParser.Parse(Samples.ChirpStackV4Topic, Segments.Split(payload, 1000)).Status);
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
                var split = LoRaWanMessageParser.Parse(topic, Segments.Split(payload, cut)).Uplink;
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

    [Fact]
    public void Parse_EverySampleByteAtATime_ReadsTheSameAsWhole()
    {
        foreach (var (topic, text) in Samples.All)
        {
            var payload = Encoding.UTF8.GetBytes(text);

            AssertSameResult(LoRaWanMessageParser.Parse(topic, payload), LoRaWanMessageParser.Parse(topic, Segments.ByteAtATime(payload)));
        }
    }

    [Fact]
    public void Parse_EveryTruncationByteAtATime_SaysTheSameAsWhole()
    {
        foreach (var (topic, text) in Samples.All)
        {
            var payload = Encoding.UTF8.GetBytes(text.Trim());
            for (var length = 0; length < payload.Length; length++)
            {
                var cut = payload[..length];
                AssertSameResult(LoRaWanMessageParser.Parse(topic, cut), LoRaWanMessageParser.Parse(topic, Segments.ByteAtATime(cut)));
            }
        }
    }

    [Fact]
    public void Parse_RandomMutationsInRandomSegments_SayTheSameAsWhole()
    {
        var random = new Random(20261130);
        var samples = Samples.All.Select(s => (s.Topic, Bytes: Encoding.UTF8.GetBytes(s.Payload))).ToArray();
        for (var i = 0; i < 5_000; i++)
        {
            var (topic, original) = samples[i % samples.Length];
            var mutated = (byte[])original.Clone();
            mutated[random.Next(mutated.Length)] = (byte)random.Next(256);

            var chunk = i % 3 == 0 ? 1 : random.Next(2, 64);
            AssertSameResult(LoRaWanMessageParser.Parse(topic, mutated), LoRaWanMessageParser.Parse(topic, Segments.Split(mutated, chunk)));
        }
    }

    [Fact]
    public void Parse_RandomTruncationsOfMutations_NeverThrow()
    {
        var random = new Random(7);
        var samples = Samples.All.Select(s => (s.Topic, Bytes: Encoding.UTF8.GetBytes(s.Payload))).ToArray();
        for (var i = 0; i < 20_000; i++)
        {
            var (topic, original) = samples[i % samples.Length];
            var mutated = original[..random.Next(original.Length + 1)];
            for (var e = random.Next(4); e > 0 && mutated.Length > 0; e--)
            {
                mutated[random.Next(mutated.Length)] = (byte)random.Next(256);
            }

            var whole = LoRaWanMessageParser.Parse(topic, mutated);
            var split = LoRaWanMessageParser.Parse(topic, Segments.Split(mutated, 1 + (i % 17)));
            _ = LoRaWanMessageParser.TryReadFirstFrameByte(topic, Segments.Split(mutated, 1 + (i % 5)), out _);
            Assert.True(Enum.IsDefined(whole.Status));
            Assert.Equal(whole.Status, split.Status);
            Assert.Equal(whole.Status == LoRaWanParseStatus.Uplink, whole.Uplink is not null);
        }
    }

    [Fact]
    public void Parse_JsonAwareMutations_NeverThrowAndSplitSaysTheSame()
    {
        // Edits a byte flip rarely makes: escapes (valid, invalid, half a surrogate pair), other types, nesting,
        // duplicate frame fields, comments, non-ASCII bytes.
        string[] fragments =
        [
            "\\u0041", "\\u00e9", "\\ud83d\\ude00", "\\udfea", "\\n", "\\\"", " ", "null", "-5", "\"x\"", "{}", "[]",
            "{\"a\":[1,{\"b\":2}]}", "\"qg==\"", "\"data\":\"qg==\",", "\"rssi\":\"-3\",", "\"deviceInfo\":7,",
            "\"uplink_message\":{\"frm_payload\":\"AQ==\"},", "/*c*/", "\u00a0", ",", ":",
        ];
        var random = new Random(11);
        var samples = Samples.All.ToArray();
        for (var i = 0; i < 20_000; i++)
        {
            var (topic, text) = samples[i % samples.Length];
            for (var e = random.Next(1, 4); e > 0; e--)
            {
                var at = random.Next(text.Length);
                var fragment = fragments[random.Next(fragments.Length)];
                text = random.Next(2) == 0 ? text.Insert(at, fragment) : text.Remove(at, Math.Min(random.Next(1, 6), text.Length - at)).Insert(at, fragment);
            }

            var payload = Encoding.UTF8.GetBytes(text);
            if (i % 10 == 0)
            {
                payload[random.Next(payload.Length)] = 0xFF;
            }

            var whole = LoRaWanMessageParser.Parse(topic, payload);
            AssertSameResult(whole, LoRaWanMessageParser.Parse(topic, Segments.Split(payload, 1 + (i % 29))));
            Assert.Equal(
                LoRaWanMessageParser.TryReadFirstFrameByte(topic, new ReadOnlySequence<byte>(payload), out var first),
                LoRaWanMessageParser.TryReadFirstFrameByte(topic, Segments.Split(payload, 1 + (i % 7)), out var splitFirst));
            Assert.Equal(first, splitFirst);
        }
    }

    [Fact]
    public void Parse_ByteOrderMarkSplitOverSegments_IsTolerated()
    {
        var payload = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(Samples.TheThingsStack)).ToArray();

        Assert.True(LoRaWanMessageParser.Parse(Samples.TheThingsStackTopic, Segments.ByteAtATime(payload)).IsUplink);
        Assert.True(LoRaWanMessageParser.Parse(Samples.TheThingsStackTopic, Segments.Split(payload, 2)).IsUplink);
    }

    [Fact]
    public void Parse_EmptySequence_IsNotJson()
    {
        Assert.Equal(LoRaWanParseStatus.NotJson, LoRaWanMessageParser.Parse(Samples.ChirpStackV4Topic, ReadOnlySequence<byte>.Empty).Status);
        Assert.Equal(LoRaWanParseStatus.NotJson, LoRaWanMessageParser.Parse(Samples.ChirpStackV4Topic, Segments.ByteAtATime("  \n"u8.ToArray())).Status);
    }

    [Theory]
    [InlineData("""{"data":"qg==",}""")]
    [InlineData("""{"data":"qg==","rxInfo":[{"gatewayId":"0016c001f153a14c",},],}""")]
    [InlineData("""/* published by hand */ {"data": /* the frame */ "qg=="} // end""")]
    public void Parse_CommentsAndTrailingCommas_AreTolerated(string payload)
    {
        Assert.Equal([0xAA], ParseUplink(Samples.ChirpStackV4Topic, payload).Payload.ToArray());
    }

    [Fact]
    public void Parse_InvalidUtf8InAFieldTheGatewayReads_IsNotJson()
    {
        var payload = Encoding.UTF8.GetBytes("""{"data":"qg==","rxInfo":[{"gatewayId":"gw-X"}]}""");
        payload[Array.IndexOf(payload, (byte)'X')] = 0xFF;

        var result = LoRaWanMessageParser.Parse(Samples.ChirpStackV4Topic, payload);

        Assert.Equal(LoRaWanParseStatus.NotJson, result.Status);
        AssertSameResult(result, LoRaWanMessageParser.Parse(Samples.ChirpStackV4Topic, Segments.ByteAtATime(payload)));
    }

    [Fact]
    public void Parse_InvalidTextInAFieldTheGatewayDoesNotRead_IsStillAnUplink()
    {
        var payload = Encoding.UTF8.GetBytes("""{"deviceName":"X","note":"\udfea","data":"qg=="}""");
        payload[Array.IndexOf(payload, (byte)'X')] = 0xFF;

        Assert.True(LoRaWanMessageParser.Parse(Samples.ChirpStackV4Topic, payload).IsUplink);
    }

    [Fact]
    public void Parse_PropertyNameWithAnEscapedHalfSurrogatePair_IsJustAnUnknownField()
    {
        var uplink = ParseUplink(Samples.ChirpStackV4Topic, """{"da\udfeata":"AQ==","data":"qg==","rxInfo":[{"gateway\udfeaId":"x","gatewayId":"0016c001f153a14c"}]}""");

        Assert.Equal([0xAA], uplink.Payload.ToArray());
        Assert.Equal("0016c001f153a14c", Assert.Single(uplink.Receptions).GatewayId);
    }

    [Fact]
    public void Parse_AfterWarmUp_AllocatesTheUplinkOnlyWhateverTheMessageCarriesBesides()
    {
        var topic = Samples.ChirpStackV4Topic;
        var small = Encoding.UTF8.GetBytes(Samples.ChirpStackV4);
        var unknown = string.Join(",", Enumerable.Range(0, 200).Select(i => $$"""{"tenant{{i}}":"{{new string('x', 40)}}","nested":[{"a":{{i}}}]}"""));
        var large = Encoding.UTF8.GetBytes(Samples.ChirpStackV4.TrimEnd()[..^1] + $$""","object":[{{unknown}}]}""");
        Assert.True(large.Length > 10 * small.Length);

        var smallBytes = AllocatedBy(() => LoRaWanMessageParser.Parse(topic, small));
        var largeBytes = AllocatedBy(() => LoRaWanMessageParser.Parse(topic, large));

        // The uplink record, its 1-byte frame, one reception and the topic's DevEUI string; strings of unread fields
        // are never made, and the application id and gateway id come from the caches.
        Assert.InRange(smallBytes, 1, 400);
        Assert.Equal(smallBytes, largeBytes);
    }

    private static long AllocatedBy(Func<LoRaWanParseResult> parse)
    {
        Assert.True(parse().IsUplink);
        var before = GC.GetAllocatedBytesForCurrentThread();
        Assert.True(parse().IsUplink);
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
