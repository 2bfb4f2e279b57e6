using SafeCommunity.Iot.Core.Geodesy;
using SafeCommunity.Iot.Core.Registry;
using SafeCommunity.Iot.Core.Uplinks;
using SafeCommunity.Iot.Ingestion.Positioning;
using SafeCommunity.Iot.Protocol.Radio;

namespace SafeCommunity.Iot.Ingestion.Tests.Positioning;

public sealed class ReceptionLocatorTests
{
    private static readonly GeoPoint West = new(25.1000, 105.4700);
    private static readonly GeoPoint East = LocalGeodesy.Offset(West, 0, 100);
    private static readonly DateTimeOffset At = new(2026, 11, 29, 8, 0, 0, TimeSpan.Zero);

    private static ReceptionLocator Locator()
    {
        var registry = new DeviceRegistry();
        registry.Apply(new RegistryContents(
            [],
            [
                new Receiver { Id = "west", Kind = ReceiverKind.FixedBaseStation, CommunityId = "c", Position = West, RangeMetres = 80 },
                new Receiver { Id = "east", Kind = ReceiverKind.FixedBaseStation, CommunityId = "c", Position = East, RangeMetres = 80 },
                new Receiver { Id = "patrol", Kind = ReceiverKind.Mobile, CommunityId = "c", RangeMetres = 100 },
            ],
            []));
        return new ReceptionLocator(registry, defaultRangeMetres: 1000);
    }

    private static Reception Heard(string receiver, double? rssi, GeoPoint? position = null) =>
        new(receiver, At, rssi, null, position, UplinkTransport.Serial);

    [Fact]
    public void EqualSignals_PlaceTheDeviceHalfWay_WithinBothRanges()
    {
        var location = Locator().FromReceivers([Heard("west", -70), Heard("east", -70)])!.Value;

        Assert.Equal(50, LocalGeodesy.DistanceMetres(West, location.Point), 0.5);
        Assert.Equal(130, location.AccuracyMetres, 0.5);
        Assert.Equal(LocationSource.Receivers, location.Source);
    }

    [Fact]
    public void MissingRssi_WeighsLikeTheOthers()
    {
        var location = Locator().FromReceivers([Heard("west", null), Heard("east", null)])!.Value;

        Assert.Equal(50, LocalGeodesy.DistanceMetres(West, location.Point), 0.5);
    }

    [Fact]
    public void MobileReceiverWithoutAFix_AndUnknownReceivers_GiveNoLocation()
    {
        Assert.Null(Locator().FromReceivers([Heard("patrol", -70), Heard("nobody", -50)]));
    }

    [Fact]
    public void UnknownReceiverThatSaysWhereItIs_UsesTheDefaultRange()
    {
        var location = Locator().FromReceivers([Heard("lorawan-gw", -100, West)])!.Value;

        Assert.Equal(West, location.Point);
        Assert.Equal(1000, location.AccuracyMetres);
    }

    [Fact]
    public void CurrentGnssFix_WinsOverReceivers()
    {
        var frame = RadioFrame.PositionReport(1, 1, DeviceStatusFlags.GnssFixValid, 50, GeoFix.FromDegrees(25.2, 105.5, 200, 10));

        var location = Locator().Locate(frame, [Heard("west", -70)])!.Value;

        Assert.Equal(LocationSource.Gnss, location.Source);
        Assert.Equal(At - TimeSpan.FromSeconds(10), location.At);
    }

    [Fact]
    public void StaleGnssFix_LosesToTighterReceivers_AndWinsOverLooserOnes()
    {
        var stale = RadioFrame.PositionReport(1, 1, DeviceStatusFlags.None, 50, GeoFix.FromDegrees(25.2, 105.5, 120, 255));
        var veryStale = stale with { Position = GeoFix.FromDegrees(25.2, 105.5, 40, 255) };

        Assert.Equal(LocationSource.Receivers, Locator().Locate(stale, [Heard("west", -70)])!.Value.Source);
        Assert.Equal(LocationSource.GnssStale, Locator().Locate(veryStale, [Heard("west", -70)])!.Value.Source);
    }
}
