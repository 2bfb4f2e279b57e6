using SafeCommunity.Iot.Core.Geodesy;

namespace SafeCommunity.Iot.Simulator.Fleet;

/// <summary>
/// Where the patrol motorbike is: it circles its community on the ring road by the gates, unless a scenario sends it along
/// timed waypoints (to meet a stolen bike); after the last waypoint it rides back onto its round.
/// </summary>
public sealed class PatrolTrack
{
    /// <summary>The radius of the round, in metres from the community centre.</summary>
    public const double RoundRadiusMetres = 175;

    /// <summary>Speed on the round, in metres per second.</summary>
    public const double RoundSpeed = 6;

    private readonly GeoPoint _centre;
    private readonly double _phase;
    private List<(TimeSpan At, GeoPoint Point)>? _waypoints;

    /// <summary>Creates the round around <paramref name="centre"/>, starting at <paramref name="phase"/> radians from north.</summary>
    public PatrolTrack(GeoPoint centre, double phase)
    {
        _centre = centre;
        _phase = phase;
    }

    /// <summary>The position at <paramref name="time"/>.</summary>
    public GeoPoint PositionAt(TimeSpan time)
    {
        if (_waypoints is { } waypoints && time >= waypoints[0].At && time < waypoints[^1].At)
        {
            var i = 1;
            while (waypoints[i].At <= time)
            {
                i++;
            }

            var (fromAt, from) = waypoints[i - 1];
            var (toAt, to) = waypoints[i];
            var span = (toAt - fromAt).TotalSeconds;
            return span <= 0 ? to : Polyline.Lerp(from, to, (time - fromAt).TotalSeconds / span);
        }

        return OnRound(time);
    }

    /// <summary>Speed (m/s) and course (degrees true) at <paramref name="time"/>, from where it is a second apart.</summary>
    public (double SpeedMetresPerSecond, double CourseDegrees) MotionAt(TimeSpan time)
    {
        var before = PositionAt(time - TimeSpan.FromSeconds(0.5));
        var after = PositionAt(time + TimeSpan.FromSeconds(0.5));
        var (north, east) = LocalGeodesy.OffsetMetres(before, after);
        var speed = Math.Sqrt((north * north) + (east * east));
        var course = speed < 0.05 ? 0 : (Math.Atan2(east, north) * 180 / Math.PI + 360) % 360;
        return (speed, course);
    }

    /// <summary>
    /// Leaves where it is at <paramref name="from"/>, rides through <paramref name="waypoints"/> (times increasing, all
    /// after <paramref name="from"/>), then back onto its round at <paramref name="returnSpeed"/> metres per second.
    /// </summary>
    public void Follow(TimeSpan from, IReadOnlyList<(TimeSpan At, GeoPoint Point)> waypoints, double returnSpeed = 8)
    {
        ArgumentNullException.ThrowIfNull(waypoints);
        if (waypoints.Count == 0)
        {
            return;
        }

        var path = new List<(TimeSpan At, GeoPoint Point)> { (from, PositionAt(from)) };
        path.AddRange(waypoints);
        var (lastAt, last) = path[^1];
        var rejoinAt = lastAt;
        for (var i = 0; i < 4; i++)
        {
            rejoinAt = lastAt + TimeSpan.FromSeconds(LocalGeodesy.DistanceMetres(last, OnRound(rejoinAt)) / returnSpeed);
        }

        path.Add((rejoinAt + TimeSpan.FromSeconds(1), OnRound(rejoinAt + TimeSpan.FromSeconds(1))));
        _waypoints = path;
    }

    /// <summary>The position on the round at <paramref name="time"/>.</summary>
    public GeoPoint OnRound(TimeSpan time)
    {
        var angle = _phase + (RoundSpeed * time.TotalSeconds / RoundRadiusMetres);
        return LocalGeodesy.Offset(_centre, RoundRadiusMetres * Math.Cos(angle), RoundRadiusMetres * Math.Sin(angle));
    }
}
