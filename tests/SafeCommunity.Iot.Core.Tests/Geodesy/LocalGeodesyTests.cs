using Iot.Device.Common;
using SafeCommunity.Iot.Core.Geodesy;

namespace SafeCommunity.Iot.Core.Tests.Geodesy;

public sealed class LocalGeodesyTests
{
    private static readonly GeoPoint Anlong = new(25.10, 105.47);

    public static TheoryData<double, double> Offsets => new()
    {
        { 10, 0 }, { 0, 10 }, { 80, 60 }, { -300, 450 }, { 1500, -2200 }, { 8000, 8000 }, { -30000, 35000 },
    };

    [Theory]
    [MemberData(nameof(Offsets))]
    public void DistanceMetres_CountyScale_AgreesWithTheWgs84GeodesicWithinPointOnePercent(double north, double east)
    {
        var other = LocalGeodesy.Offset(Anlong, north, east);

        var local = LocalGeodesy.DistanceMetres(Anlong, other);
        GreatCircle.DistAndDir(Anlong.Latitude, Anlong.Longitude, other.Latitude, other.Longitude, out var geodesic, out _);

        Assert.InRange(Math.Abs(local - geodesic), 0, Math.Max(0.001, geodesic * 0.001));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(25.1)]
    [InlineData(45.0)]
    [InlineData(-33.9)]
    public void MetresPerDegree_MatchesTheGeodesicAcrossLatitudes(double latitude)
    {
        var (perLatitude, perLongitude) = LocalGeodesy.MetresPerDegree(latitude);

        GreatCircle.DistAndDir(latitude - 0.005, 100, latitude + 0.005, 100, out var northSouth, out _);
        GreatCircle.DistAndDir(latitude, 99.995, latitude, 100.005, out var eastWest, out _);

        Assert.Equal(northSouth * 100, perLatitude, 0.5);
        Assert.Equal(eastWest * 100, perLongitude, 0.5);
    }

    [Fact]
    public void OffsetMetres_IsTheInverseOfOffset()
    {
        var moved = LocalGeodesy.Offset(Anlong, 123.4, -567.8);

        var (north, east) = LocalGeodesy.OffsetMetres(Anlong, moved);

        Assert.Equal(123.4, north, 0.01);
        Assert.Equal(-567.8, east, 0.01);
    }

    [Fact]
    public void OffsetMetres_AcrossTheAntimeridian_TakesTheShortWay()
    {
        var (_, east) = LocalGeodesy.OffsetMetres(new GeoPoint(0, 179.999), new GeoPoint(0, -179.999));

        Assert.InRange(east, 200, 250);
    }
}
