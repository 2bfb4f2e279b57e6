using System.Buffers;
using SafeCommunity.Iot.Fuzz.Tests.Fuzzing;
using SafeCommunity.Iot.Receivers.LoRaWan.NetworkServers;
using Xunit.Abstractions;

namespace SafeCommunity.Iot.Fuzz.Tests.Parsers;

/// <summary>
/// ChirpStack (v3, v4) and The Things Stack uplink messages: the first input byte picks the MQTT topic, the rest
/// is the payload, parsed in one piece and split over two buffers as MQTTnet may hand it over (same result).
/// </summary>
public sealed class LoRaWanMessageFuzzTests(ITestOutputHelper output)
{
    private const long CiCases = 1_000_000;
    private const int Capacity = 80 * 1024;

    private static readonly string?[] Topics =
    [
        "application/17c82e96-be03-4f38-aef3-f83d48582d97/device/0101010101010101/event/up",
        "application/123/device/0202020202020202/event/up",
        "application/123/device/0202020202020202/rx",
        "v3/app1@ttn/devices/dev1/up",
        "application/123/device/0202020202020202/event/join",
        "application//device//event/up",
        "v3/app1/devices/up",
        null,
    ];

    private long _uplinks;

    [Fact]
    public void Parse_AnyTopicAndPayload_IsAnUplinkWithinLimitsOrAReason()
    {
        var settings = FuzzSettings.FromEnvironment(CiCases);
        var payloads = new JsonInputs(Corpus.Files("lorawan"), Capacity - 1, settings.Seed);
        var target = new FuzzTarget("LoRaWanMessageParser", Capacity, (ref FuzzRandom random, byte[] buffer) =>
        {
            var topic = (byte)random.Next(Topics.Length * 8);
            var length = payloads.Next(ref random, buffer);
            buffer.AsSpan(0, length).CopyTo(buffer.AsSpan(1));
            buffer[0] = topic;
            return length + 1;
        }, Check, AllocationBound: length => 16_384 + (24L * length));

        var result = FuzzRunner.Run(target, settings);

        output.WriteLine(result.ToString());
        output.WriteLine($"uplinks: {_uplinks:N0}");
        Assert.True(_uplinks > result.Cases / 100, "the mutations never leave a message the parser accepts");
    }

    private void Check(ReadOnlySpan<byte> input)
    {
        if (input.IsEmpty)
        {
            return;
        }

        var topic = Topics[input[0] % Topics.Length];
        var payload = input[1..];
        var result = LoRaWanMessageParser.Parse(topic, payload);
        Assert.True(EnumValues<LoRaWanParseStatus>.IsDefined(result.Status));
        if (result.Uplink is { } uplink)
        {
            _uplinks++;
            Assert.InRange(uplink.Receptions.Count, 0, LoRaWanMessageParser.MaxReceptions);
            Assert.True(uplink.Payload.Length <= payload.Length, "an uplink payload longer than its message");
        }
        else
        {
            Assert.False(string.IsNullOrEmpty(result.Detail));
        }

        var cut = payload.Length / 2;
        var split = LoRaWanMessageParser.Parse(topic, Segments.Of(payload[..cut].ToArray(), payload[cut..].ToArray()));
        Assert.True(split.Status == result.Status && split.Detail == result.Detail, "a split payload parsed differently");
    }

    private sealed class Segments : ReadOnlySequenceSegment<byte>
    {
        private Segments(byte[] memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public static ReadOnlySequence<byte> Of(byte[] first, byte[] second)
        {
            var head = new Segments(first, 0);
            var tail = new Segments(second, first.Length);
            head.Next = tail;
            return new ReadOnlySequence<byte>(head, 0, tail, second.Length);
        }
    }
}
