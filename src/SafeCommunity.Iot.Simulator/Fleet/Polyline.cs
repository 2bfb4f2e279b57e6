using SafeCommunity.Iot.Core.Geodesy;

namespace SafeCommunity.Iot.Simulator.Fleet;

/// <summary>A path through points, walked at constant speed: where one is after so many metres.</summary>
public sealed class Polyline
{
    private readonly GeoPoint[] _points;
    private readonly double[] _cumulative;

    /// <summary>Creates the path.</summary>
    /// <exception cref="ArgumentException">Fewer than one point.</exception>
    public Polyline(IReadOnlyList<GeoPoint> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Count == 0)
        {
            throw new ArgumentException("A path needs a point.", nameof(points));
        }

        _points = [.. points];
        _cumulative = new double[_points.Length];
        for (var i = 1; i < _points.Length; i++)
        {
            _cumulative[i] = _cumulative[i - 1] + LocalGeodesy.DistanceMetres(_points[i - 1], _points[i]);
        }
    }

    /// <summary>The path's length in metres.</summary>
    public double LengthMetres => _cumulative[^1];

    /// <summary>The first point.</summary>
    public GeoPoint Start => _points[0];

    /// <summary>The last point.</summary>
    public GeoPoint End => _points[^1];

    /// <summary>The point <paramref name="metres"/> along the path (clamped to its ends).</summary>
    public GeoPoint At(double metres)
    {
        if (metres <= 0)
        {
            return _points[0];
        }

        if (metres >= LengthMetres)
        {
            return _points[^1];
        }

        var i = 1;
        while (_cumulative[i] < metres)
        {
            i++;
        }

        var segment = _cumulative[i] - _cumulative[i - 1];
        var fraction = segment <= 0 ? 0 : (metres - _cumulative[i - 1]) / segment;
        return Lerp(_points[i - 1], _points[i], fraction);
    }

    /// <summary>The point a fraction of the way from <paramref name="a"/> to <paramref name="b"/>.</summary>
    public static GeoPoint Lerp(GeoPoint a, GeoPoint b, double fraction) =>
        new(a.Latitude + ((b.Latitude - a.Latitude) * fraction), a.Longitude + ((b.Longitude - a.Longitude) * fraction));
}
