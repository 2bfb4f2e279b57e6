using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;
using SafeCommunity.Iot.Core.Geodesy;
using SafeCommunity.Iot.Core.Json;
using SafeCommunity.Iot.Core.Registry;

namespace SafeCommunity.Iot.Geofences.GeoJson;

/// <summary>
/// Reads and writes fences as GeoJSON (RFC 7946) Features or a FeatureCollection.
/// <para>
/// A fence is a Feature whose geometry is a <c>Polygon</c> (holes allowed) or a <c>Point</c> with a
/// <c>radiusMetres</c> property (a circle), and whose properties are <c>id</c>, <c>name</c>, <c>mode</c>
/// (<c>keep-in</c> | <c>keep-out</c>), <c>assignment</c> (<c>{"device": 1234}</c> |
/// <c>{"kind": "child-wristband", "community": "wufu"}</c> | <c>{"communityBoundary": "wufu"}</c>), an optional
/// <c>schedule</c> (<c>[{"days": ["mon", ...], "start": "07:30", "end": "17:00"}]</c>, local time of the community)
/// and optional <c>debounce</c> overrides (<c>{"fixes": 3, "seconds": 120, "marginMetres": 15}</c>).
/// </para>
/// <para>
/// Reading never throws on bad input: the positions are checked first (closed rings of at least 4 positions,
/// finite longitude/latitude in range), then NetTopologySuite's GeoJSON converter builds the polygon and
/// <see cref="GeofenceValidator"/> applies the fence rules (NTS <c>IsValidOp</c> among them). Ring orientation is
/// kept as given (RFC 7946 §3.1.6 asks parsers not to reject either winding).
/// </para>
/// </summary>
public static class GeofenceGeoJson
{
    /// <summary>The geometry factory fences are built with: WGS84 (SRID 4326), floating precision.</summary>
    public static GeometryFactory Factory { get; } = new(new PrecisionModel(), 4326);

    private static readonly JsonSerializerOptions GeometryOptions = CreateGeometryOptions();

    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = false,
        MaxDepth = 64,
    };

    private static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.Create(UnicodeRanges.All);

    /// <summary>Reads a Feature or a FeatureCollection. Never throws on bad input.</summary>
    public static GeofenceReadResult Read(string? json)
    {
        var fences = new List<Geofence>();
        var errors = new List<GeofenceError>();
        if (string.IsNullOrWhiteSpace(json))
        {
            errors.Add(new GeofenceError("(document)", "$", GeofenceErrorCode.InvalidJson, "The text is empty."));
            return new GeofenceReadResult(fences, errors);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException e)
        {
            errors.Add(new GeofenceError("(document)", "$", GeofenceErrorCode.InvalidJson, $"Not JSON: {e.Message}"));
            return new GeofenceReadResult(fences, errors);
        }
        catch (ArgumentException e) when (e.InnerException is EncoderFallbackException fallback)
        {
            errors.Add(new GeofenceError("(document)", "$", GeofenceErrorCode.InvalidJson, string.Create(CultureInfo.InvariantCulture,
                $"Not Unicode text: a lone UTF-16 surrogate at index {fallback.Index}.")));
            return new GeofenceReadResult(fences, errors);
        }

        using (document)
        {
            if (JsonEscapes.FindUnpairedSurrogate(json) is var escapeAt and >= 0)
            {
                var (line, position) = JsonEscapes.LineAndPosition(json.AsSpan(), escapeAt);
                errors.Add(new GeofenceError("(document)", "$", GeofenceErrorCode.InvalidJson, string.Create(CultureInfo.InvariantCulture,
                    $"Not JSON text that can be read: at line {line}, position {position} a \\u escape holds half of a UTF-16 surrogate pair without its other half.")));
                return new GeofenceReadResult(fences, errors);
            }

            var root = document.RootElement;
            var type = root.ValueKind == JsonValueKind.Object ? GetString(root, "type") : null;
            if (root.ValueKind != JsonValueKind.Object)
            {
                errors.Add(new GeofenceError("(document)", "$", GeofenceErrorCode.InvalidJson, "A GeoJSON document is a JSON object."));
            }
            else if (type == "FeatureCollection")
            {
                if (!root.TryGetProperty("features", out var features) || features.ValueKind != JsonValueKind.Array)
                {
                    errors.Add(new GeofenceError("(document)", "features", GeofenceErrorCode.MissingField, "A FeatureCollection has a features array."));
                }
                else
                {
                    var ids = new HashSet<string>(StringComparer.Ordinal);
                    var index = 0;
                    foreach (var feature in features.EnumerateArray())
                    {
                        var label = string.Create(CultureInfo.InvariantCulture, $"features[{index++}]");
                        if (ReadFeature(feature, label, errors) is { } fence)
                        {
                            if (ids.Add(fence.Id))
                            {
                                fences.Add(fence);
                            }
                            else
                            {
                                errors.Add(new GeofenceError(fence.Id, "properties.id", GeofenceErrorCode.DuplicateId, $"Fence id '{fence.Id}' appears twice ({label})."));
                            }
                        }
                    }
                }
            }
            else if (type == "Feature")
            {
                if (ReadFeature(root, "feature", errors) is { } fence)
                {
                    fences.Add(fence);
                }
            }
            else
            {
                errors.Add(new GeofenceError("(document)", "type", GeofenceErrorCode.NotAFeature, $"Expected a Feature or a FeatureCollection, found '{type ?? "(none)"}'."));
            }
        }

        return new GeofenceReadResult(fences, errors);
    }

    /// <summary>Writes one fence as a GeoJSON Feature.</summary>
    public static string Write(Geofence fence, bool indented = false)
    {
        ArgumentNullException.ThrowIfNull(fence);
        return WriteToString(writer => WriteFeature(writer, fence), indented);
    }

    /// <summary>Writes fences as a GeoJSON FeatureCollection.</summary>
    public static string Write(IEnumerable<Geofence> fences, bool indented = false)
    {
        ArgumentNullException.ThrowIfNull(fences);
        return WriteToString(
            writer =>
            {
                writer.WriteStartObject();
                writer.WriteString("type", "FeatureCollection");
                writer.WriteStartArray("features");
                foreach (var fence in fences)
                {
                    WriteFeature(writer, fence);
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            },
            indented);
    }

    /// <summary>Writes one fence as a GeoJSON Feature to <paramref name="writer"/>.</summary>
    public static void WriteFeature(Utf8JsonWriter writer, Geofence fence)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(fence);
        writer.WriteStartObject();
        writer.WriteString("type", "Feature");
        writer.WriteString("id", fence.Id);
        writer.WritePropertyName("geometry");
        Geometry geometry = fence.Shape switch
        {
            CircleShape circle => Factory.CreatePoint(new Coordinate(circle.Centre.Longitude, circle.Centre.Latitude)),
            PolygonShape polygon => polygon.Polygon,
            _ => throw new ArgumentException($"Fence {fence.Id} has no shape.", nameof(fence)),
        };
        JsonSerializer.Serialize(writer, geometry, GeometryOptions);

        writer.WriteStartObject("properties");
        writer.WriteString("id", fence.Id);
        writer.WriteString("name", fence.Name);
        writer.WriteString("mode", fence.Mode.Name());
        if (fence.Shape is CircleShape c)
        {
            writer.WriteNumber("radiusMetres", c.RadiusMetres);
        }

        writer.WriteStartObject("assignment");
        switch (fence.Assignment)
        {
            case DeviceAssignment device:
                writer.WriteNumber("device", device.DeviceId);
                break;
            case KindAssignment kind:
                writer.WriteString("kind", kind.Kind.Name());
                writer.WriteString("community", kind.CommunityId);
                break;
            case CommunityBoundaryAssignment boundary:
                writer.WriteString("communityBoundary", boundary.CommunityId);
                break;
            case Unassigned:
                writer.WriteBoolean("none", true);
                break;
            default:
                break;
        }

        writer.WriteEndObject();

        if (fence.Schedule is { } schedule)
        {
            writer.WriteStartArray("schedule");
            foreach (var window in schedule.Windows)
            {
                writer.WriteStartObject();
                writer.WriteStartArray("days");
                foreach (var day in GeofenceNames.DayNames(window.Days))
                {
                    writer.WriteStringValue(day);
                }

                writer.WriteEndArray();
                writer.WriteString("start", window.Start.ToString("HH:mm", CultureInfo.InvariantCulture));
                writer.WriteString("end", window.End.ToString("HH:mm", CultureInfo.InvariantCulture));
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        if (fence.Debounce is { } debounce)
        {
            writer.WriteStartObject("debounce");
            if (debounce.ConfirmFixes is { } fixes)
            {
                writer.WriteNumber("fixes", fixes);
            }

            if (debounce.ConfirmAfter is { } after)
            {
                writer.WriteNumber("seconds", after.TotalSeconds);
            }

            if (debounce.HysteresisMetres is { } margin)
            {
                writer.WriteNumber("marginMetres", margin);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static string WriteToString(Action<Utf8JsonWriter> write, bool indented)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = indented, Encoder = Encoder }))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static JsonSerializerOptions CreateGeometryOptions()
    {
        var options = new JsonSerializerOptions { Encoder = Encoder };
        options.Converters.Add(new GeoJsonConverterFactory(Factory, false, GeoJsonConverterFactory.DefaultIdPropertyName, RingOrientationOption.DoNotModify));
        return options;
    }

    private static Geofence? ReadFeature(JsonElement feature, string position, List<GeofenceError> errors)
    {
        if (feature.ValueKind != JsonValueKind.Object || GetString(feature, "type") != "Feature")
        {
            errors.Add(new GeofenceError(position, "type", GeofenceErrorCode.NotAFeature, "Expected a GeoJSON Feature."));
            return null;
        }

        var reader = new FeatureReader(position, errors);
        return reader.Read(feature);
    }

    private static string? GetString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>Reads one feature, collecting every error it finds before giving up.</summary>
    private sealed class FeatureReader(string position, List<GeofenceError> errors)
    {
        private readonly int _errorsBefore = errors.Count;
        private string _label = position;

        private bool Failed => errors.Count > _errorsBefore;

        public Geofence? Read(JsonElement feature)
        {
            if (!feature.TryGetProperty("properties", out var properties) || properties.ValueKind != JsonValueKind.Object)
            {
                Add("properties", GeofenceErrorCode.MissingField, "A fence's feature has a properties object.");
                return null;
            }

            var id = ReadId(feature, properties);
            if (id is not null)
            {
                _label = id;
            }

            var name = OptionalString(properties, "name") ?? id;
            var mode = ReadMode(properties);
            var assignment = ReadAssignment(properties);
            var schedule = ReadSchedule(properties);
            var debounce = ReadDebounce(properties);
            var shape = ReadShape(feature, properties);

            if (Failed || id is null || name is null || mode is null || assignment is null || shape is null)
            {
                return null;
            }

            var fence = new Geofence
            {
                Id = id,
                Name = name,
                Shape = shape,
                Mode = mode.Value,
                Assignment = assignment,
                Schedule = schedule,
                Debounce = debounce,
            };
            var problems = GeofenceValidator.Validate(fence, _label);
            errors.AddRange(problems);
            return problems.Count == 0 ? fence : null;
        }

        private void Add(string field, GeofenceErrorCode code, string message) =>
            errors.Add(new GeofenceError(_label, field, code, message));

        private string? ReadId(JsonElement feature, JsonElement properties)
        {
            if (properties.TryGetProperty("id", out var id))
            {
                if (id.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(id.GetString()))
                {
                    return id.GetString();
                }

                Add("properties.id", GeofenceErrorCode.InvalidValue, "The id is a non-empty string.");
                return null;
            }

            if (feature.TryGetProperty("id", out var featureId) && featureId.ValueKind == JsonValueKind.String &&
                !string.IsNullOrWhiteSpace(featureId.GetString()))
            {
                return featureId.GetString();
            }

            Add("properties.id", GeofenceErrorCode.MissingField, "A fence needs an id.");
            return null;
        }

        private string? OptionalString(JsonElement parent, string member, string? path = null)
        {
            if (!parent.TryGetProperty(member, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (value.ValueKind != JsonValueKind.String)
            {
                Add(path ?? $"properties.{member}", GeofenceErrorCode.InvalidValue, $"'{member}' is a string.");
                return null;
            }

            return value.GetString();
        }

        private GeofenceMode? ReadMode(JsonElement properties)
        {
            if (!properties.TryGetProperty("mode", out var value))
            {
                Add("properties.mode", GeofenceErrorCode.MissingField, "A fence has a mode: keep-in or keep-out.");
                return null;
            }

            if (value.ValueKind == JsonValueKind.String && GeofenceNames.TryParseMode(value.GetString(), out var mode))
            {
                return mode;
            }

            Add("properties.mode", GeofenceErrorCode.UnknownMode, $"Mode {value.GetRawText()} is neither keep-in nor keep-out.");
            return null;
        }

        private GeofenceAssignment? ReadAssignment(JsonElement properties)
        {
            const string Field = "properties.assignment";
            if (!properties.TryGetProperty("assignment", out var assignment) || assignment.ValueKind == JsonValueKind.Null)
            {
                Add(Field, GeofenceErrorCode.MissingField, "A fence is assigned to a device, a kind in a community, or a community boundary.");
                return null;
            }

            if (assignment.ValueKind != JsonValueKind.Object)
            {
                Add(Field, GeofenceErrorCode.InvalidValue, "The assignment is an object.");
                return null;
            }

            var hasDevice = assignment.TryGetProperty("device", out var device);
            var hasKind = assignment.TryGetProperty("kind", out _);
            var hasCommunity = assignment.TryGetProperty("community", out _);
            var hasBoundary = assignment.TryGetProperty("communityBoundary", out _);
            var hasNone = assignment.TryGetProperty("none", out var none);
            var targets = (hasDevice ? 1 : 0) + (hasKind || hasCommunity ? 1 : 0) + (hasBoundary ? 1 : 0) + (hasNone ? 1 : 0);
            if (targets != 1)
            {
                Add(Field, GeofenceErrorCode.InvalidAssignment,
                    "Name exactly one of: device, kind + community, communityBoundary, none.");
                return null;
            }

            if (hasNone)
            {
                if (none.ValueKind != JsonValueKind.True)
                {
                    Add($"{Field}.none", GeofenceErrorCode.InvalidAssignment, "An unassigned fence says \"none\": true.");
                    return null;
                }

                return Unassigned.Instance;
            }

            if (hasDevice)
            {
                if (device.ValueKind == JsonValueKind.Number && device.TryGetUInt32(out var id) && id != 0)
                {
                    return new DeviceAssignment(id);
                }

                if (device.ValueKind == JsonValueKind.String &&
                    uint.TryParse(device.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out id) && id != 0)
                {
                    return new DeviceAssignment(id);
                }

                Add($"{Field}.device", GeofenceErrorCode.InvalidAssignment, $"Device {device.GetRawText()} is not a device id (1..4294967295).");
                return null;
            }

            if (hasBoundary)
            {
                var community = OptionalString(assignment, "communityBoundary", $"{Field}.communityBoundary");
                if (string.IsNullOrWhiteSpace(community))
                {
                    if (!Failed)
                    {
                        Add($"{Field}.communityBoundary", GeofenceErrorCode.InvalidAssignment, "A community boundary names its community.");
                    }

                    return null;
                }

                return new CommunityBoundaryAssignment(community);
            }

            var kindName = OptionalString(assignment, "kind", $"{Field}.kind");
            var communityId = OptionalString(assignment, "community", $"{Field}.community");
            DeviceKind kind = default;
            var ok = true;
            if (!RegistryNames.TryParseDeviceKind(kindName, out kind))
            {
                Add($"{Field}.kind", GeofenceErrorCode.UnknownKind,
                    $"Kind '{kindName ?? "(none)"}' is not one of {string.Join(", ", RegistryNames.DeviceKindNames)}.");
                ok = false;
            }

            if (string.IsNullOrWhiteSpace(communityId))
            {
                Add($"{Field}.community", GeofenceErrorCode.InvalidAssignment, "A kind assignment names its community.");
                ok = false;
            }

            return ok ? new KindAssignment(kind, communityId!) : null;
        }

        private WeeklySchedule? ReadSchedule(JsonElement properties)
        {
            const string Field = "properties.schedule";
            if (!properties.TryGetProperty("schedule", out var schedule) || schedule.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (schedule.ValueKind != JsonValueKind.Array)
            {
                Add(Field, GeofenceErrorCode.InvalidValue, "The schedule is an array of windows.");
                return null;
            }

            var windows = new List<ScheduleWindow>();
            var index = 0;
            foreach (var window in schedule.EnumerateArray())
            {
                var field = string.Create(CultureInfo.InvariantCulture, $"{Field}[{index++}]");
                if (window.ValueKind != JsonValueKind.Object)
                {
                    Add(field, GeofenceErrorCode.InvalidValue, "A window is an object {days, start, end}.");
                    continue;
                }

                var days = ReadDays(window, field);
                var start = ReadTime(window, "start", field);
                var end = ReadTime(window, "end", field);
                if (days is { } d && start is { } s && end is { } e)
                {
                    windows.Add(new ScheduleWindow(d, s, e));
                }
            }

            // An empty array is reported by the validator (it never applies); a bad window was reported above.
            return new WeeklySchedule(windows);
        }

        private WeekDays? ReadDays(JsonElement window, string field)
        {
            if (!window.TryGetProperty("days", out var days) || days.ValueKind != JsonValueKind.Array)
            {
                Add($"{field}.days", GeofenceErrorCode.MissingField, "A window has a days array (mon..sun).");
                return null;
            }

            var result = WeekDays.None;
            var ok = true;
            foreach (var day in days.EnumerateArray())
            {
                if (day.ValueKind == JsonValueKind.String && GeofenceNames.TryParseDay(day.GetString(), out var flag))
                {
                    result |= flag;
                }
                else
                {
                    Add($"{field}.days", GeofenceErrorCode.UnknownDay, $"Day {day.GetRawText()} is not one of mon, tue, wed, thu, fri, sat, sun.");
                    ok = false;
                }
            }

            return ok ? result : null;
        }

        private TimeOnly? ReadTime(JsonElement window, string member, string field)
        {
            if (!window.TryGetProperty(member, out var value))
            {
                Add($"{field}.{member}", GeofenceErrorCode.MissingField, $"A window has a {member} time (HH:mm).");
                return null;
            }

            if (value.ValueKind == JsonValueKind.String &&
                TimeOnly.TryParseExact(value.GetString(), "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
            {
                return time;
            }

            Add($"{field}.{member}", GeofenceErrorCode.InvalidTime, $"Time {value.GetRawText()} is not HH:mm (00:00..23:59).");
            return null;
        }

        private DebounceOverrides? ReadDebounce(JsonElement properties)
        {
            const string Field = "properties.debounce";
            if (!properties.TryGetProperty("debounce", out var debounce) || debounce.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (debounce.ValueKind != JsonValueKind.Object)
            {
                Add(Field, GeofenceErrorCode.InvalidValue, "Debounce overrides are an object {fixes, seconds, marginMetres}.");
                return null;
            }

            int? fixes = null;
            if (debounce.TryGetProperty("fixes", out var f))
            {
                if (f.ValueKind == JsonValueKind.Number && f.TryGetInt32(out var n))
                {
                    fixes = n;
                }
                else
                {
                    Add($"{Field}.fixes", GeofenceErrorCode.InvalidDebounce, "Fixes to confirm are a whole number.");
                }
            }

            var seconds = OptionalNumber(debounce, "seconds", $"{Field}.seconds");
            var margin = OptionalNumber(debounce, "marginMetres", $"{Field}.marginMetres");
            if (seconds is { } s && (s < 1 || s > DebounceSettings.MaxConfirmAfter.TotalSeconds))
            {
                Add($"{Field}.seconds", GeofenceErrorCode.InvalidDebounce, "Seconds to confirm are 1..86,400.");
                seconds = null;
            }

            return new DebounceOverrides
            {
                ConfirmFixes = fixes,
                ConfirmAfter = seconds is { } t ? TimeSpan.FromSeconds(t) : null,
                HysteresisMetres = margin,
            };
        }

        private double? OptionalNumber(JsonElement parent, string member, string field)
        {
            if (!parent.TryGetProperty(member, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) && double.IsFinite(number))
            {
                return number;
            }

            Add(field, GeofenceErrorCode.InvalidDebounce, $"'{member}' is a finite number.");
            return null;
        }

        private GeofenceShape? ReadShape(JsonElement feature, JsonElement properties)
        {
            if (!feature.TryGetProperty("geometry", out var geometry) || geometry.ValueKind != JsonValueKind.Object)
            {
                Add("geometry", GeofenceErrorCode.MissingField, "A fence's feature has a geometry (Point with radiusMetres, or Polygon).");
                return null;
            }

            var type = GetString(geometry, "type");
            if (!geometry.TryGetProperty("coordinates", out var coordinates) || coordinates.ValueKind != JsonValueKind.Array)
            {
                if (type is "Point" or "Polygon")
                {
                    Add("geometry.coordinates", GeofenceErrorCode.MissingField, "The geometry has a coordinates array.");
                    return null;
                }
            }

            var hasRadius = properties.TryGetProperty("radiusMetres", out var radius) && radius.ValueKind != JsonValueKind.Null;
            switch (type)
            {
                case "Point":
                    return ReadCircle(coordinates, hasRadius, radius);
                case "Polygon":
                    if (hasRadius)
                    {
                        Add("properties.radiusMetres", GeofenceErrorCode.InvalidValue, "radiusMetres belongs to a Point (circle), not a Polygon.");
                    }

                    return ReadPolygon(geometry, coordinates);
                default:
                    Add("geometry.type", GeofenceErrorCode.UnsupportedGeometry,
                        $"Geometry '{type ?? "(none)"}' is not supported: use a Point with radiusMetres (circle) or a Polygon.");
                    return null;
            }
        }

        private CircleShape? ReadCircle(JsonElement coordinates, bool hasRadius, JsonElement radius)
        {
            var centre = ReadPosition(coordinates, "geometry.coordinates");
            double? metres = null;
            if (!hasRadius)
            {
                Add("properties.radiusMetres", GeofenceErrorCode.MissingField, "A Point fence (circle) has radiusMetres.");
            }
            else if (radius.ValueKind == JsonValueKind.Number && radius.TryGetDouble(out var r) && double.IsFinite(r))
            {
                metres = r;
            }
            else
            {
                Add("properties.radiusMetres", GeofenceErrorCode.RadiusOutOfRange, $"Radius {radius.GetRawText()} is not a number of metres (1..50,000).");
            }

            return centre is { } c && metres is { } m ? new CircleShape(c, m) : null;
        }

        private GeoPoint? ReadPosition(JsonElement position, string field)
        {
            if (position.ValueKind != JsonValueKind.Array || position.GetArrayLength() < 2)
            {
                Add(field, GeofenceErrorCode.InvalidValue, "A position is [longitude, latitude].");
                return null;
            }

            var longitude = position[0];
            var latitude = position[1];
            if (longitude.ValueKind != JsonValueKind.Number || latitude.ValueKind != JsonValueKind.Number)
            {
                Add(field, GeofenceErrorCode.InvalidValue, "A position's longitude and latitude are numbers.");
                return null;
            }

            // System.Text.Json refuses numbers beyond double's range (1e999): those are not finite.
            var lon = longitude.TryGetDouble(out var x) ? x : double.PositiveInfinity;
            var lat = latitude.TryGetDouble(out var y) ? y : double.PositiveInfinity;
            return GeofenceValidator.CheckPosition(lon, lat, field, Add) ? new GeoPoint(lat, lon) : null;
        }

        private PolygonShape? ReadPolygon(JsonElement geometry, JsonElement coordinates)
        {
            if (coordinates.GetArrayLength() == 0)
            {
                Add("geometry.coordinates", GeofenceErrorCode.RingTooShort, "A polygon has an outer ring.");
                return null;
            }

            var ok = true;
            var ringIndex = 0;
            foreach (var ring in coordinates.EnumerateArray())
            {
                var field = string.Create(CultureInfo.InvariantCulture, $"geometry.coordinates[{ringIndex++}]");
                if (ring.ValueKind != JsonValueKind.Array)
                {
                    Add(field, GeofenceErrorCode.InvalidValue, "A ring is an array of positions.");
                    ok = false;
                    continue;
                }

                var count = ring.GetArrayLength();
                GeoPoint? first = null;
                GeoPoint? last = null;
                var positionsOk = true;
                var i = 0;
                foreach (var position in ring.EnumerateArray())
                {
                    var point = ReadPosition(position, string.Create(CultureInfo.InvariantCulture, $"{field}[{i}]"));
                    positionsOk &= point is not null;
                    if (i == 0)
                    {
                        first = point;
                    }

                    last = point;
                    i++;
                }

                ok &= positionsOk;
                if (count < 4)
                {
                    Add(field, GeofenceErrorCode.RingTooShort, $"A ring has at least 4 positions (the last repeats the first); this one has {count}.");
                    ok = false;
                }
                else if (positionsOk && first != last)
                {
                    Add(field, GeofenceErrorCode.RingNotClosed, "A ring ends at the position it starts from.");
                    ok = false;
                }
            }

            if (!ok)
            {
                return null;
            }

            try
            {
                if (geometry.Deserialize<Geometry>(GeometryOptions) is Polygon polygon)
                {
                    return new PolygonShape(polygon);
                }
            }
            catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException or NotSupportedException or FormatException)
            {
                Add("geometry", GeofenceErrorCode.InvalidGeometry, $"The polygon cannot be built: {e.Message}");
                return null;
            }

            Add("geometry", GeofenceErrorCode.InvalidGeometry, "The polygon cannot be built.");
            return null;
        }
    }
}
