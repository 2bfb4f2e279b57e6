using NetTopologySuite.Algorithm;
using NetTopologySuite.Algorithm.Locate;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;
using NtsLocation = NetTopologySuite.Geometries.Location;
using SafeCommunity.Iot.Core.Geodesy;
using SafeCommunity.Iot.Core.Registry;
using SafeCommunity.Iot.Geofences.Evaluation;

namespace SafeCommunity.Iot.Geofences.Indexing;

/// <summary>
/// A fence made ready for many position tests: its debounce settings resolved, its envelope expanded for the
/// index, and, for a polygon, a local planar projection in metres with a prepared (indexed) polygon and blocked
/// boundary segments. Immutable and safe for concurrent readers.
/// <para>
/// <b>Distances.</b> A circle uses <see cref="LocalGeodesy.DistanceMetres"/> from its centre (WGS84 radii of
/// curvature at the mean latitude; within 0.1 % of the geodesic up to 50 km). A polygon is projected once,
/// equirectangularly around its own envelope centre with <see cref="LocalGeodesy.MetresPerDegree"/> at that
/// latitude: x = Δlon·m<sub>lon</sub>, y = Δlat·m<sub>lat</sub>. The map is affine, so inside/outside is exactly as
/// in longitude/latitude, and GeoJSON's straight edges stay straight. Its only error is the change of
/// m<sub>lon</sub> with latitude (tan φ·Δφ: about 0.08 % 10 km from the reference at 25° N), which the tests
/// check against the WGS84 geodesic for fences up to 20 km: within 0.5 % or 1 m. Fences that cross the
/// antimeridian or reach the poles are not supported (none do in a county).
/// </para>
/// </summary>
public sealed class PreparedGeofence
{
    /// <summary>Boundary segments per block; a block whose box is clear of the query is skipped whole.</summary>
    private const int BlockSize = 16;

    /// <summary>Metres per degree of latitude at the equator: the smallest on the ellipsoid.</summary>
    private const double MinMetresPerDegreeLatitude = 110_574.0;

    /// <summary>Safety factor on the degree expansion (covers the projection's 0.1 % and rounding).</summary>
    private const double ExpansionSafety = 1.01;

    [ThreadStatic]
    private static Coordinate? _scratch;

    private readonly AssignmentTarget _target;
    private readonly uint _deviceId;
    private readonly DeviceKind _kind;
    private readonly string? _communityId;

    // Circle.
    private readonly GeoPoint _centre;
    private readonly double _radius;

    // Polygon, in the local projection (metres).
    private readonly double _referenceLatitude;
    private readonly double _referenceLongitude;
    private readonly double _metresPerDegreeLatitude;
    private readonly double _metresPerDegreeLongitude;
    private readonly IPointOnGeometryLocator? _locator;
    private readonly Coordinate[][] _rings = [];
    private readonly SegmentBlock[] _blocks = [];
    private readonly double _minX;
    private readonly double _minY;
    private readonly double _maxX;
    private readonly double _maxY;

    internal PreparedGeofence(Geofence fence, DebounceSettings defaults, double maxAccuracyMetres)
    {
        Fence = fence;
        Debounce = defaults.With(fence.Debounce);
        ExpansionMetres = maxAccuracyMetres + Debounce.HysteresisMetres;
        (_target, _deviceId, _kind, _communityId) = fence.Assignment switch
        {
            DeviceAssignment d => (AssignmentTarget.Device, d.DeviceId, default(DeviceKind), (string?)null),
            KindAssignment k => (AssignmentTarget.Kind, 0u, k.Kind, k.CommunityId),
            CommunityBoundaryAssignment c => (AssignmentTarget.CommunityBoundary, 0u, default(DeviceKind), c.CommunityId),
            Unassigned => (AssignmentTarget.Nobody, 0u, default(DeviceKind), (string?)null),
            _ => throw new ArgumentException($"Fence {fence.Id} has no assignment.", nameof(fence)),
        };

        switch (fence.Shape)
        {
            case CircleShape circle:
                _centre = circle.Centre;
                _radius = circle.RadiusMetres;
                var extent = circle.RadiusMetres + ExpansionMetres;
                ExpandedEnvelope = ExpandInDegrees(new Envelope(circle.Centre.Longitude, circle.Centre.Longitude, circle.Centre.Latitude, circle.Centre.Latitude), extent);
                break;
            case PolygonShape { Polygon: var polygon }:
                var envelope = polygon.EnvelopeInternal;
                _referenceLatitude = envelope.Centre.Y;
                _referenceLongitude = envelope.Centre.X;
                (_metresPerDegreeLatitude, _metresPerDegreeLongitude) = LocalGeodesy.MetresPerDegree(_referenceLatitude);
                var projected = Project(polygon);
                _locator = ((PreparedPolygon)PreparedGeometryFactory.Prepare(projected)).PointLocator;
                _rings = new Coordinate[projected.NumInteriorRings + 1][];
                for (var i = 0; i < _rings.Length; i++)
                {
                    _rings[i] = (i == 0 ? projected.ExteriorRing : projected.GetInteriorRingN(i - 1)).Coordinates;
                }

                _blocks = BuildBlocks(_rings);
                var box = projected.EnvelopeInternal;
                (_minX, _minY, _maxX, _maxY) = (box.MinX, box.MinY, box.MaxX, box.MaxY);
                ExpandedEnvelope = ExpandInDegrees(envelope, ExpansionMetres);
                break;
            default:
                throw new ArgumentException($"Fence {fence.Id} has no shape.", nameof(fence));
        }
    }

    private enum AssignmentTarget
    {
        Device = 1,
        Kind,
        CommunityBoundary,
        Nobody,
    }

    /// <summary>The fence.</summary>
    public Geofence Fence { get; }

    /// <summary>The fence's id.</summary>
    public string Id => Fence.Id;

    /// <summary>The fence's mode.</summary>
    public GeofenceMode Mode => Fence.Mode;

    /// <summary>The index's defaults with the fence's overrides applied.</summary>
    public DebounceSettings Debounce { get; }

    /// <summary>
    /// How far, in metres, <see cref="ExpandedEnvelope"/> reaches beyond the fence: the largest accuracy the index
    /// considers plus this fence's hysteresis margin. A point outside the expanded envelope is at least this far
    /// from the fence, so any fix with accuracy + margin ≤ this is clearly outside without further geometry.
    /// </summary>
    public double ExpansionMetres { get; }

    /// <summary>The fence's envelope in degrees, expanded by <see cref="ExpansionMetres"/> (rounded outwards).</summary>
    internal Envelope ExpandedEnvelope { get; }

    /// <summary>Whether the fence watches <paramref name="device"/> (its id, its kind and community, its community).</summary>
    public bool AppliesTo(Device device)
    {
        ArgumentNullException.ThrowIfNull(device);
        return _target switch
        {
            AssignmentTarget.Device => device.Id == _deviceId,
            AssignmentTarget.Kind => device.Kind == _kind && string.Equals(device.CommunityId, _communityId, StringComparison.Ordinal),
            AssignmentTarget.CommunityBoundary => string.Equals(device.CommunityId, _communityId, StringComparison.Ordinal),
            _ => false,
        };
    }

    /// <summary>Whether <paramref name="point"/> lies in the expanded envelope (what makes the fence a candidate).</summary>
    public bool IsNear(GeoPoint point) => ExpandedEnvelope.Contains(point.Longitude, point.Latitude);

    /// <summary>Whether <paramref name="point"/> is inside the fence (on the boundary counts as inside).</summary>
    public bool Contains(GeoPoint point)
    {
        if (_locator is null)
        {
            return LocalGeodesy.DistanceMetres(_centre, point) <= _radius;
        }

        var (x, y) = Project(point);
        return x >= _minX && x <= _maxX && y >= _minY && y <= _maxY && Locate(x, y) != NtsLocation.Exterior;
    }

    /// <summary>Metres from <paramref name="point"/> to the fence's boundary (inside or outside).</summary>
    public double DistanceToBoundaryMetres(GeoPoint point)
    {
        if (_locator is null)
        {
            return Math.Abs(LocalGeodesy.DistanceMetres(_centre, point) - _radius);
        }

        var (x, y) = Project(point);
        return Math.Sqrt(MinSquaredDistance(x, y, double.PositiveInfinity, stopBelowLimit: false));
    }

    /// <summary>
    /// Which side of the fence a fix is on, deciding only when its accuracy circle is clearly on one side:
    /// <see cref="FenceSide.Inside"/> when the point is inside and at least accuracy + hysteresis margin from the
    /// boundary, <see cref="FenceSide.Outside"/> when it is outside and as far, <see cref="FenceSide.Uncertain"/>
    /// otherwise (see <see cref="FenceSide"/>).
    /// </summary>
    public FenceSide Classify(GeoPoint point, double accuracyMetres)
    {
        var clearance = Clearance(accuracyMetres);
        if (double.IsNaN(clearance))
        {
            return FenceSide.Uncertain;
        }

        if (_locator is null)
        {
            var fromCentre = LocalGeodesy.DistanceMetres(_centre, point);
            return fromCentre <= _radius - clearance ? FenceSide.Inside
                : fromCentre >= _radius + clearance ? FenceSide.Outside
                : FenceSide.Uncertain;
        }

        var (x, y) = Project(point);

        // Clear of the polygon's box by the clearance: outside, without touching a segment.
        var dx = Math.Max(Math.Max(_minX - x, x - _maxX), 0);
        var dy = Math.Max(Math.Max(_minY - y, y - _maxY), 0);
        if ((dx * dx) + (dy * dy) >= clearance * clearance)
        {
            return FenceSide.Outside;
        }

        // Any boundary segment closer than the clearance makes the fix uncertain; the search stops at the first.
        var squared = clearance * clearance;
        if (MinSquaredDistance(x, y, squared, stopBelowLimit: true) < squared)
        {
            return FenceSide.Uncertain;
        }

        return Locate(x, y) switch
        {
            NtsLocation.Interior => FenceSide.Inside,
            NtsLocation.Exterior => FenceSide.Outside,
            _ => FenceSide.Uncertain,
        };
    }

    /// <summary>
    /// <see cref="Classify(GeoPoint, double)"/> for a point known to lie outside <see cref="ExpandedEnvelope"/>:
    /// clearly outside when accuracy + margin fits in the expansion, otherwise computed in full.
    /// </summary>
    internal FenceSide ClassifyAway(GeoPoint point, double accuracyMetres) =>
        Clearance(accuracyMetres) <= ExpansionMetres ? FenceSide.Outside : Classify(point, accuracyMetres);

    private double Clearance(double accuracyMetres) =>
        double.IsFinite(accuracyMetres) && accuracyMetres >= 0 ? accuracyMetres + Debounce.HysteresisMetres : double.NaN;

    private (double X, double Y) Project(GeoPoint point) =>
        ((point.Longitude - _referenceLongitude) * _metresPerDegreeLongitude, (point.Latitude - _referenceLatitude) * _metresPerDegreeLatitude);

    private Polygon Project(Polygon polygon)
    {
        var factory = polygon.Factory;
        LinearRing ProjectRing(LineString ring)
        {
            var source = ring.Coordinates;
            var target = new Coordinate[source.Length];
            for (var i = 0; i < source.Length; i++)
            {
                var (x, y) = Project(new GeoPoint(source[i].Y, source[i].X));
                target[i] = new Coordinate(x, y);
            }

            return factory.CreateLinearRing(target);
        }

        var holes = new LinearRing[polygon.NumInteriorRings];
        for (var i = 0; i < holes.Length; i++)
        {
            holes[i] = ProjectRing(polygon.GetInteriorRingN(i));
        }

        return factory.CreatePolygon(ProjectRing(polygon.ExteriorRing), holes);
    }

    private NtsLocation Locate(double x, double y)
    {
        var scratch = _scratch ??= new Coordinate();
        scratch.X = x;
        scratch.Y = y;
        return _locator!.Locate(scratch);
    }

    /// <summary>
    /// The smallest squared distance from (x, y) to a boundary segment, looking only at blocks whose box is closer
    /// than <paramref name="limitSquared"/> (+∞: all). With <paramref name="stopBelowLimit"/> it returns as soon as
    /// one segment is closer than the limit (all the caller wants to know); a result ≥ the limit means none is.
    /// </summary>
    private double MinSquaredDistance(double x, double y, double limitSquared, bool stopBelowLimit)
    {
        var scratch = _scratch ??= new Coordinate();
        var best = double.PositiveInfinity;
        foreach (var block in _blocks)
        {
            var dx = Math.Max(Math.Max(block.MinX - x, x - block.MaxX), 0);
            var dy = Math.Max(Math.Max(block.MinY - y, y - block.MaxY), 0);
            if ((dx * dx) + (dy * dy) >= Math.Min(best, limitSquared))
            {
                continue;
            }

            var ring = _rings[block.Ring];
            for (var i = block.First; i < block.End; i++)
            {
                scratch.X = x;
                scratch.Y = y;
                var distance = DistanceComputer.PointToSegment(scratch, ring[i], ring[i + 1]);
                var squared = distance * distance;
                if (squared < best)
                {
                    best = squared;
                    if (stopBelowLimit && best < limitSquared)
                    {
                        return best;
                    }
                }
            }
        }

        return best;
    }

    private static SegmentBlock[] BuildBlocks(Coordinate[][] rings)
    {
        var blocks = new List<SegmentBlock>();
        for (var r = 0; r < rings.Length; r++)
        {
            var ring = rings[r];
            var segments = ring.Length - 1;
            for (var first = 0; first < segments; first += BlockSize)
            {
                var end = Math.Min(first + BlockSize, segments);
                double minX = double.PositiveInfinity, minY = double.PositiveInfinity;
                double maxX = double.NegativeInfinity, maxY = double.NegativeInfinity;
                for (var i = first; i <= end; i++)
                {
                    minX = Math.Min(minX, ring[i].X);
                    minY = Math.Min(minY, ring[i].Y);
                    maxX = Math.Max(maxX, ring[i].X);
                    maxY = Math.Max(maxY, ring[i].Y);
                }

                blocks.Add(new SegmentBlock(r, first, end, minX, minY, maxX, maxY));
            }
        }

        return [.. blocks];
    }

    /// <summary>
    /// Expands a degree envelope by <paramref name="metres"/> on the ground, rounding outwards: a degree of
    /// latitude is taken at its shortest (the equator) and a degree of longitude at the envelope's latitude
    /// nearest a pole, then 1 % is added.
    /// </summary>
    private static Envelope ExpandInDegrees(Envelope envelope, double metres)
    {
        var latitudeDegrees = metres / MinMetresPerDegreeLatitude * ExpansionSafety;
        var highest = Math.Min(Math.Max(Math.Abs(envelope.MinY), Math.Abs(envelope.MaxY)) + latitudeDegrees, 89.9);
        var longitudeDegrees = metres / LocalGeodesy.MetresPerDegree(highest).Longitude * ExpansionSafety;
        return new Envelope(
            envelope.MinX - longitudeDegrees,
            envelope.MaxX + longitudeDegrees,
            envelope.MinY - latitudeDegrees,
            envelope.MaxY + latitudeDegrees);
    }

    /// <summary>Segments [First, End) of ring <see cref="Ring"/> (segment i joins vertices i and i + 1) and their box.</summary>
    private readonly record struct SegmentBlock(int Ring, int First, int End, double MinX, double MinY, double MaxX, double MaxY);
}
