using PdfSharp.Drawing;
using SafeCommunity.Iot.Core.Geodesy;

namespace SafeCommunity.Iot.History.Pdf;

/// <summary>
/// Places positions in the map's rectangle: a local equirectangular projection around the middle of what is shown
/// (the towns of one county span a few kilometres, where it is exact to a fraction of a pixel), one scale for both
/// axes, north up.
/// </summary>
internal sealed class MapFrame
{
    private const double MetresPerDegree = 111_320;
    private const double MinimumSpanMetres = 400;
    private const double Margin = 0.12;
    private static readonly double[] RoundSteps = [1, 2, 5, 10];

    private readonly GeoPoint _centre;
    private readonly double _cosLatitude;

    private MapFrame(XRect area, GeoPoint centre, double pointsPerMetre)
    {
        Area = area;
        _centre = centre;
        _cosLatitude = Math.Cos(centre.Latitude * Math.PI / 180);
        PointsPerMetre = pointsPerMetre;
    }

    public XRect Area { get; }

    public double PointsPerMetre { get; }

    /// <summary>A frame that shows every one of <paramref name="positions"/> inside <paramref name="area"/> with a margin; null when there are none.</summary>
    public static MapFrame? Around(IReadOnlyCollection<GeoPoint> positions, XRect area)
    {
        if (positions.Count == 0)
        {
            return null;
        }

        var south = positions.Min(p => p.Latitude);
        var north = positions.Max(p => p.Latitude);
        var west = positions.Min(p => p.Longitude);
        var east = positions.Max(p => p.Longitude);
        var centre = new GeoPoint((south + north) / 2, (west + east) / 2);
        var cos = Math.Cos(centre.Latitude * Math.PI / 180);
        var width = Math.Max((east - west) * MetresPerDegree * cos, MinimumSpanMetres) * (1 + (2 * Margin));
        var height = Math.Max((north - south) * MetresPerDegree, MinimumSpanMetres) * (1 + (2 * Margin));
        return new MapFrame(area, centre, Math.Min(area.Width / width, area.Height / height));
    }

    public XPoint Place(GeoPoint point) => new(
        Area.X + (Area.Width / 2) + ((point.Longitude - _centre.Longitude) * MetresPerDegree * _cosLatitude * PointsPerMetre),
        Area.Y + (Area.Height / 2) - ((point.Latitude - _centre.Latitude) * MetresPerDegree * PointsPerMetre));

    /// <summary>The length of the scale bar: a round number of metres about a fifth of the map wide.</summary>
    public double ScaleBarMetres()
    {
        var target = Area.Width / 5 / PointsPerMetre;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(target)));
        return RoundSteps.Select(step => step * magnitude).Last(length => length <= target || length == magnitude);
    }
}
