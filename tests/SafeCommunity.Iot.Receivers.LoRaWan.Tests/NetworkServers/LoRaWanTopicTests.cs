using SafeCommunity.Iot.Receivers.LoRaWan.NetworkServers;
using static SafeCommunity.Iot.Receivers.LoRaWan.Tests.NetworkServers.ParserTestExtensions;

namespace SafeCommunity.Iot.Receivers.LoRaWan.Tests.NetworkServers;

public sealed class LoRaWanTopicTests
{
    [Theory]
    [InlineData("application/abc/device/0101010101010101/event/up", nameof(LoRaWanTopicKind.ChirpStackUplink), "abc", null, "0101010101010101")]
    [InlineData("application/7/device/0101010101010101/rx", nameof(LoRaWanTopicKind.ChirpStackLegacyUplink), "7", null, "0101010101010101")]
    [InlineData("v3/app1@ttn/devices/dev1/up", nameof(LoRaWanTopicKind.TheThingsStackUplink), "app1", "ttn", "dev1")]
    [InlineData("v3/app1/devices/dev1/up", nameof(LoRaWanTopicKind.TheThingsStackUplink), "app1", null, "dev1")]
    public void Parse_UplinkTopics(string topic, string kind, string application, string? tenant, string device)
    {
        var parsed = LoRaWanTopic.Parse(topic);

        Assert.Equal(Enum.Parse<LoRaWanTopicKind>(kind), parsed.Kind);
        Assert.Equal(application, parsed.ApplicationId);
        Assert.Equal(tenant, parsed.TenantId);
        Assert.Equal(device, parsed.Device);
    }

    [Theory]
    [InlineData("application/abc/device/0101010101010101/event/join", "join")]
    [InlineData("application/abc/device/0101010101010101/event/status", "status")]
    [InlineData("application/abc/device/0101010101010101/event/log", "log")]
    [InlineData("application/abc/device/0101010101010101/command/down", "command/down")]
    [InlineData("application/7/device/0101010101010101/join", "join")]
    [InlineData("application/7/device/0101010101010101/txack", "txack")]
    [InlineData("v3/app1@ttn/devices/dev1/join", "join")]
    [InlineData("v3/app1@ttn/devices/dev1/down/push", "down/push")]
    [InlineData("v3/app1@ttn/devices/dev1/down/queued", "down/queued")]
    [InlineData("v3/app1@ttn/devices/dev1/service/data", "service/data")]
    [InlineData("v3/app1@ttn/devices/dev1/up/extra", "up/extra")]
    public void Parse_OtherEvents_AreIgnoredNotUnknown(string topic, string name)
    {
        var result = Parse(topic, "{}");

        Assert.Equal(LoRaWanParseStatus.IgnoredEvent, result.Status);
        Assert.Equal(name, result.Detail);
    }

    [Theory]
    [InlineData("")]
    [InlineData("up")]
    [InlineData("application/abc/device//event/up")]
    [InlineData("application/abc/devices/0101010101010101/event/up")]
    [InlineData("application/abc/device/0101010101010101/event")]
    [InlineData("application/abc/device/0101010101010101/something/up")]
    [InlineData("v3//devices/dev1/up")]
    [InlineData("v3/@ttn/devices/dev1/up")]
    [InlineData("v3/app1@/devices/dev1/up")]
    [InlineData("v3/app1/device/dev1/up")]
    [InlineData("v2/app1/devices/dev1/up")]
    [InlineData("gateway/0016c001f153a14c/event/up")]
    [InlineData("a/b/c/d/e/f/g/h/i/j/k/l")]
    public void Parse_OtherTopics_AreUnknown(string topic)
    {
        Assert.Equal(LoRaWanTopicKind.Unknown, LoRaWanTopic.Parse(topic).Kind);
        Assert.Equal(LoRaWanParseStatus.UnknownTopic, Parse(topic, Samples.ChirpStackV4).Status);
    }

    [Fact]
    public void Parse_NullTopic_IsUnknown()
    {
        Assert.Equal(LoRaWanParseStatus.UnknownTopic, LoRaWanMessageParser.Parse(null, ReadOnlySpan<byte>.Empty).Status);
    }
}
