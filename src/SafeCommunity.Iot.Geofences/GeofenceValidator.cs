using System.Globalization;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Valid;
using SafeCommunity.Iot.Core.Geodesy;

namespace SafeCommunity.Iot.Geofences;

/// <summary>
/// The rules every fence keeps, whether it comes from GeoJSON or from code. Field names are the GeoJSON paths
/// (<c>properties.radiusMetres</c>), so an administrator's import and an API call report errors alike.
/// </summary>
public static class GeofenceValidator
{
    /// <summary>The longest accepted id.</summary>
    public const int MaxIdLength = 128;

    /// <summary>Every rule that <paramref name="fence"/> breaks; empty when it is valid.</summary>
    /// <param name="fence">The fence.</param>
    /// <param name="feature">How to name the fence in errors; its id when <c>null</c>.</param>
    public static IReadOnlyList<GeofenceError> Validate(Geofence fence, string? feature = null)
    {
        ArgumentNullException.ThrowIfNull(fence);
        var errors = new List<GeofenceError>();
        feature ??= string.IsNullOrEmpty(fence.Id) ? "(no id)" : fence.Id;

        void Add(string field, GeofenceErrorCode code, string message) => errors.Add(new GeofenceError(feature, field, code, message));

        if (string.IsNullOrWhiteSpace(fence.Id))
        {
            Add("properties.id", GeofenceErrorCode.MissingField, "A fence needs an id.");
        }
        else if (fence.Id.Length > MaxIdLength)
        {
            Add("properties.id", GeofenceErrorCode.InvalidValue, $"An id has at most {MaxIdLength} characters.");
        }

        if (fence.Name is null)
        {
            Add("properties.name", GeofenceErrorCode.MissingField, "A fence needs a name.");
        }

        if (!Enum.IsDefined(fence.Mode))
        {
            Add("properties.mode", GeofenceErrorCode.UnknownMode, $"Mode {(int)fence.Mode} is neither keep-in nor keep-out.");
        }

        ValidateShape(fence.Shape, Add);
        ValidateAssignment(fence.Assignment, Add);
        ValidateSchedule(fence.Schedule, Add);
        ValidateDebounce(fence.Debounce, Add);
        return errors;
    }

    private static void ValidateShape(GeofenceShape? shape, Action<string, GeofenceErrorCode, string> add)
    {
        switch (shape)
        {
            case CircleShape circle:
                CheckPosition(circle.Centre.Longitude, circle.Centre.Latitude, "geometry.coordinates", add);
                if (!double.IsFinite(circle.RadiusMetres) ||
                    circle.RadiusMetres is < CircleShape.MinRadiusMetres or > CircleShape.MaxRadiusMetres)
                {
                    add("properties.radiusMetres", GeofenceErrorCode.RadiusOutOfRange,
                        string.Create(CultureInfo.InvariantCulture, $"Radius {circle.RadiusMetres} m is outside {CircleShape.MinRadiusMetres:0}..{CircleShape.MaxRadiusMetres:0} m."));
                }

                break;
            case PolygonShape { Polygon: { } polygon }:
                ValidatePolygon(polygon, add);
                break;
            default:
                add("geometry", GeofenceErrorCode.MissingField, "A fence needs a circle or a polygon.");
                break;
        }
    }

    private static void ValidatePolygon(Polygon polygon, Action<string, GeofenceErrorCode, string> add)
    {
        if (polygon.IsEmpty)
        {
            add("geometry.coordinates", GeofenceErrorCode.RingTooShort, "The polygon is empty.");
            return;
        }

        var coordinatesOk = true;
        for (var ring = 0; ring <= polygon.NumInteriorRings; ring++)
        {
            var sequence = (ring == 0 ? polygon.ExteriorRing : polygon.GetInteriorRingN(ring - 1)).CoordinateSequence;
            var field = string.Create(CultureInfo.InvariantCulture, $"geometry.coordinates[{ring}]");
            if (sequence.Count < 4)
            {
                add(field, GeofenceErrorCode.RingTooShort, $"A ring has at least 4 positions; this one has {sequence.Count}.");
                coordinatesOk = false;
                continue;
            }

            for (var i = 0; i < sequence.Count; i++)
            {
                coordinatesOk &= CheckPosition(sequence.GetX(i), sequence.GetY(i), string.Create(CultureInfo.InvariantCulture, $"{field}[{i}]"), add);
            }

            if (sequence.GetX(0) != sequence.GetX(sequence.Count - 1) || sequence.GetY(0) != sequence.GetY(sequence.Count - 1))
            {
                add(field, GeofenceErrorCode.RingNotClosed, "A ring ends where it starts.");
                coordinatesOk = false;
            }
        }

        if (!coordinatesOk)
        {
            return;
        }

        var validity = new IsValidOp(polygon);
        if (!validity.IsValid)
        {
            var error = validity.ValidationError;
            var where = error?.Coordinate is { } at
                ? string.Create(CultureInfo.InvariantCulture, $" at {at.Y:0.#######},{at.X:0.#######} (lat,lon)")
                : string.Empty;
            add("geometry", GeofenceErrorCode.InvalidGeometry, $"The polygon is not valid: {error?.Message ?? "unknown reason"}{where}.");
        }
    }

    /// <summary>Checks one GeoJSON position (longitude first); adds an error and returns false when it is bad.</summary>
    internal static bool CheckPosition(double longitude, double latitude, string field, Action<string, GeofenceErrorCode, string> add)
    {
        if (!double.IsFinite(longitude) || !double.IsFinite(latitude))
        {
            add(field, GeofenceErrorCode.CoordinateNotFinite, "Coordinates are finite numbers.");
            return false;
        }

        if (!new GeoPoint(latitude, longitude).IsValid)
        {
            add(field, GeofenceErrorCode.CoordinateOutOfRange,
                string.Create(CultureInfo.InvariantCulture, $"Position [{longitude}, {latitude}] is out of range (longitude −180..180 first, then latitude −90..90)."));
            return false;
        }

        return true;
    }

    private static void ValidateAssignment(GeofenceAssignment? assignment, Action<string, GeofenceErrorCode, string> add)
    {
        const string Field = "properties.assignment";
        switch (assignment)
        {
            case DeviceAssignment { DeviceId: 0 }:
                add($"{Field}.device", GeofenceErrorCode.InvalidAssignment, "Device id 0 is never used.");
                break;
            case DeviceAssignment or Unassigned:
                break;
            case KindAssignment kind:
                if (!Enum.IsDefined(kind.Kind))
                {
                    add($"{Field}.kind", GeofenceErrorCode.UnknownKind, $"Device kind {(int)kind.Kind} is unknown.");
                }

                if (string.IsNullOrWhiteSpace(kind.CommunityId))
                {
                    add($"{Field}.community", GeofenceErrorCode.InvalidAssignment, "A kind assignment names its community.");
                }

                break;
            case CommunityBoundaryAssignment boundary:
                if (string.IsNullOrWhiteSpace(boundary.CommunityId))
                {
                    add($"{Field}.communityBoundary", GeofenceErrorCode.InvalidAssignment, "A community boundary names its community.");
                }

                break;
            default:
                add(Field, GeofenceErrorCode.MissingField, "A fence is assigned to a device, a kind in a community, or a community boundary.");
                break;
        }
    }

    private static void ValidateSchedule(WeeklySchedule? schedule, Action<string, GeofenceErrorCode, string> add)
    {
        if (schedule is null)
        {
            return;
        }

        if (schedule.Windows.Count == 0)
        {
            add("properties.schedule", GeofenceErrorCode.InvalidValue, "An empty schedule never applies; leave it out for a fence that always applies.");
        }

        for (var i = 0; i < schedule.Windows.Count; i++)
        {
            var window = schedule.Windows[i];
            var field = string.Create(CultureInfo.InvariantCulture, $"properties.schedule[{i}]");
            if (window.Days == WeekDays.None || (window.Days & ~WeekDays.All) != 0)
            {
                add($"{field}.days", GeofenceErrorCode.UnknownDay, "A window names at least one day, mon..sun.");
            }

            if (window.Start == window.End)
            {
                add(field, GeofenceErrorCode.EmptyWindow,
                    string.Create(CultureInfo.InvariantCulture, $"The window starts when it ends ({window.Start:HH:mm})."));
            }
        }
    }

    private static void ValidateDebounce(DebounceOverrides? debounce, Action<string, GeofenceErrorCode, string> add)
    {
        if (debounce is null)
        {
            return;
        }

        if (debounce.ConfirmFixes is { } fixes && fixes is < 1 or > DebounceSettings.MaxConfirmFixes)
        {
            add("properties.debounce.fixes", GeofenceErrorCode.InvalidDebounce, $"Fixes to confirm are 1..{DebounceSettings.MaxConfirmFixes}.");
        }

        if (debounce.ConfirmAfter is { } after && (after < TimeSpan.FromSeconds(1) || after > DebounceSettings.MaxConfirmAfter))
        {
            add("properties.debounce.seconds", GeofenceErrorCode.InvalidDebounce, "Seconds to confirm are 1..86,400.");
        }

        if (debounce.HysteresisMetres is { } margin && (!double.IsFinite(margin) || margin is < 0 or > DebounceSettings.MaxHysteresisMetres))
        {
            add("properties.debounce.marginMetres", GeofenceErrorCode.InvalidDebounce, "The hysteresis margin is 0..1,000 m.");
        }
    }
}
