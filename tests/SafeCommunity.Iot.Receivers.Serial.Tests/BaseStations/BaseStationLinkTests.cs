using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SafeCommunity.Iot.Core.Geodesy;
using SafeCommunity.Iot.Core.Receivers;
using SafeCommunity.Iot.Core.Registry;
using SafeCommunity.Iot.Protocol.Link;
using SafeCommunity.Iot.Receivers.Serial.BaseStations;
using SafeCommunity.Iot.Receivers.Serial.Diagnostics;
using SafeCommunity.Iot.Receivers.Serial.Tests.Support;

namespace SafeCommunity.Iot.Receivers.Serial.Tests.BaseStations;

/// <summary>The record handling of one receiver, fed from memory (no port).</summary>
public sealed class BaseStationLinkTests
{
    private const string ReceiverId = "patrol-1";
    private static readonly string Rmc = TestData.WithChecksum(TestData.Rmc);

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 29, 8, 36, 0, TimeSpan.Zero));
    private readonly RecordingIngress _ingress = new();
    private readonly ReceiverStatusBoard _board = new();
    private readonly DeviceRegistry _registry = new();

    [Fact]
    public async Task ProcessAsync_OneByteAtATime_DecodesEveryRecord()
    {
        var link = CreateLink();
        var frames = Enumerable.Range(1, 5).Select(i => TestData.Beacon(0xC0FFEE, (uint)i)).ToList();
        var stream = TestData.Concat([.. frames.Select(f => TestData.ReceptionRecord(f)), TestData.StatusRecord(1), TestData.SentenceRecord(Rmc)]);

        foreach (var b in stream)
        {
            await link.ProcessAsync(new[] { b }, CancellationToken.None);
        }

        Assert.Equal(frames, _ingress.All.Select(u => u.Payload.ToArray()));
        Assert.Equal(7, link.Statistics.Records);
        Assert.Equal(0, link.Statistics.RejectedTotal);
        Assert.Equal(_clock.GetUtcNow(), _ingress.All.First().ReceivedAt);
    }

    [Fact]
    public async Task ProcessAsync_BadCrc_IsCountedAsLinkError()
    {
        var link = CreateLink();
        var wire = TestData.ReceptionRecord(TestData.Beacon(0xC0FFEE, 1));
        var record = new byte[LinkLayout.MaxRecordLength];
        Assert.True(Cobs.TryDecode(wire.AsSpan(0, wire.Length - 1), record, out var length));
        record[length - 1] ^= 0x5A;
        var encoded = new byte[Cobs.MaxEncodedLength(length) + 1];
        var encodedLength = Cobs.Encode(record.AsSpan(0, length), encoded);
        encoded[encodedLength] = LinkLayout.Delimiter;

        await link.ProcessAsync(encoded.AsMemory(0, encodedLength + 1), CancellationToken.None);

        Assert.Empty(_ingress.All);
        Assert.Equal(1, link.Statistics.Rejected(LinkRecordError.BadCrc));
        Assert.Equal(1, _board.Find(ReceiverId)?.LinkErrors);
    }

    [Fact]
    public async Task ProcessAsync_FreshFixOfUnknownReceiver_IsAttached()
    {
        var link = CreateLink();

        await link.ProcessAsync(TestData.Concat(TestData.SentenceRecord(Rmc), TestData.ReceptionRecord(TestData.Beacon(1, 1))), CancellationToken.None);

        var uplink = Assert.Single(_ingress.All);
        Assert.Equal(25.1012345, uplink.ReceiverPosition!.Value.Latitude, 6);
        Assert.Equal(_clock.GetUtcNow(), _board.Find(ReceiverId)?.PositionAt);
    }

    [Fact]
    public async Task ProcessAsync_FixOlderThanMaxAge_IsNotAttached()
    {
        AddReceiver(ReceiverKind.Mobile, position: null);
        var link = CreateLink();
        await link.ProcessAsync(TestData.SentenceRecord(Rmc), CancellationToken.None);

        _clock.Advance(TimeSpan.FromSeconds(30));
        await link.ProcessAsync(TestData.ReceptionRecord(TestData.Beacon(1, 1)), CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(1));
        await link.ProcessAsync(TestData.ReceptionRecord(TestData.Beacon(1, 2)), CancellationToken.None);

        Assert.Equal([true, false], _ingress.All.Select(u => u.ReceiverPosition.HasValue));
    }

    [Fact]
    public async Task ProcessAsync_FixedReceiverWithGnss_KeepsItsRegisteredPlace()
    {
        AddReceiver(ReceiverKind.FixedBaseStation, new GeoPoint(25.2, 105.5));
        var link = CreateLink();

        await link.ProcessAsync(TestData.Concat(TestData.SentenceRecord(Rmc), TestData.ReceptionRecord(TestData.Beacon(1, 1))), CancellationToken.None);

        Assert.Null(Assert.Single(_ingress.All).ReceiverPosition);
        Assert.NotNull(_board.Find(ReceiverId)?.Position);
    }

    [Fact]
    public async Task ProcessAsync_NoFixOrBadChecksum_KeepsTheLastFix()
    {
        var link = CreateLink();
        await link.ProcessAsync(TestData.SentenceRecord(Rmc), CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(5));

        await link.ProcessAsync(
            TestData.Concat(
                TestData.SentenceRecord(TestData.WithChecksum("$GNRMC,083604.00,V,,,,,,,291126,,,N*")),
                TestData.SentenceRecord(Rmc.Replace("*43", "*44", StringComparison.Ordinal).Replace("2506.07407", "2507.00000", StringComparison.Ordinal)),
                TestData.ReceptionRecord(TestData.Beacon(1, 1))),
            CancellationToken.None);

        Assert.Equal(25.1012345, Assert.Single(_ingress.All).ReceiverPosition!.Value.Latitude, 6);
        Assert.Equal(1, _board.Find(ReceiverId)?.LinkErrors);
    }

    private BaseStationLink CreateLink() =>
        new(ReceiverId, TimeSpan.FromSeconds(30), _ingress, _registry, _board, _clock, NullLogger.Instance, new SerialReceiverMetrics());

    private void AddReceiver(ReceiverKind kind, GeoPoint? position) =>
        _registry.Apply(new RegistryContents(
            [],
            [new Receiver { Id = ReceiverId, Kind = kind, CommunityId = "wufu", RangeMetres = 100, Position = position }],
            []));
}
