using NetTopologySuite.Geometries;
using SafeCommunity.Iot.Core.Geodesy;
using SafeCommunity.Iot.Core.Registry;
using SafeCommunity.Iot.Geofences.GeoJson;
using SafeCommunity.Iot.Geofences.Tests.Support;

namespace SafeCommunity.Iot.Geofences.Tests.GeoJson;

public sealed class GeofenceGeoJsonTests
{
    private const string SchoolFeature = """
        {
          "type": "Feature",
          "geometry": { "type": "Point", "coordinates": [105.4712, 25.1023] },
          "properties": {
            "id": "wufu-school",
            "name": "五福小学 Wufu primary school",
            "mode": "keep-in",
            "radiusMetres": 150,
            "assignment": { "kind": "child-wristband", "community": "wufu" },
            "schedule": [ { "days": ["mon", "tue", "wed", "thu", "fri"], "start": "07:30", "end": "17:00" } ]
          }
        }
        """;

    private static Geofence[] SampleFences()
    {
        var outer = Fences.Ring(Fences.Anlong, (-1500, -1500), (-1500, 1500), (1500, 1500), (1500, -1500));
        var hole = Fences.Ring(Fences.Anlong, (-100, -100), (100, -100), (100, 100), (-100, 100));
        return
        [
            Fences.Circle("wang-home", LocalGeodesy.Offset(Fences.Anlong, 120, -340), 200, assignment: new DeviceAssignment(4_000_000_001),
                debounce: new DebounceOverrides { ConfirmFixes = 3, ConfirmAfter = TimeSpan.FromSeconds(90), HysteresisMetres = 15.5 }),
            Fences.PolygonFence("wufu-boundary", GeofenceGeoJson.Factory.CreatePolygon(outer, [hole]),
                assignment: new CommunityBoundaryAssignment("wufu")),
            Fences.PolygonFence("river-bank", Fences.Polygon(Fences.Anlong, (0, 0), (0, 400), (60, 420), (70, 10)), GeofenceMode.KeepOut,
                new KindAssignment(DeviceKind.ChildWristband, "wufu"),
                new WeeklySchedule(
                [
                    new ScheduleWindow(WeekDays.Friday | WeekDays.Saturday, new TimeOnly(22, 0), new TimeOnly(6, 0)),
                    new ScheduleWindow(WeekDays.Weekend, new TimeOnly(12, 15), new TimeOnly(14, 45)),
                ])),
        ];
    }

    [Fact]
    public void Write_ThenRead_RoundTripsEveryKindOfFence()
    {
        var fences = SampleFences();

        var json = GeofenceGeoJson.Write(fences, indented: true);
        var result = GeofenceGeoJson.Read(json);

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal(fences, result.Fences);
        Assert.Equal(json, GeofenceGeoJson.Write(result.Fences, indented: true));
    }

    [Fact]
    public void Read_SchoolFeature_ReadsEveryProperty()
    {
        var result = GeofenceGeoJson.Read(SchoolFeature);

        var fence = Assert.Single(result.Fences);
        Assert.Empty(result.Errors);
        Assert.Equal("wufu-school", fence.Id);
        Assert.Equal("五福小学 Wufu primary school", fence.Name);
        Assert.Equal(GeofenceMode.KeepIn, fence.Mode);
        Assert.Equal(new CircleShape(new GeoPoint(25.1023, 105.4712), 150), fence.Shape);
        Assert.Equal(new KindAssignment(DeviceKind.ChildWristband, "wufu"), fence.Assignment);
        var window = Assert.Single(fence.Schedule!.Windows);
        Assert.Equal(new ScheduleWindow(WeekDays.Workdays, new TimeOnly(7, 30), new TimeOnly(17, 0)), window);
        Assert.Null(fence.Debounce);
    }

    [Fact]
    public void Write_SingleFence_IsAFeatureWithKebabCaseModeAndReadableChinese()
    {
        var json = GeofenceGeoJson.Write(GeofenceGeoJson.Read(SchoolFeature).Fences[0]);

        Assert.StartsWith("""{"type":"Feature","id":"wufu-school","geometry":{"type":"Point","coordinates":[105.4712,25.1023]}""", json, StringComparison.Ordinal);
        Assert.Contains("\"mode\":\"keep-in\"", json, StringComparison.Ordinal);
        Assert.Contains("五福小学", json, StringComparison.Ordinal);
        Assert.Contains("\"days\":[\"mon\",\"tue\",\"wed\",\"thu\",\"fri\"]", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_FeatureCollectionWithSomeBadFeatures_KeepsTheGoodOnesAndNamesTheBad()
    {
        var json = $$"""
            { "type": "FeatureCollection", "features": [
              {{SchoolFeature}},
              { "type": "Feature", "geometry": { "type": "Point", "coordinates": [105.47, 25.10] },
                "properties": { "id": "bad-radius", "mode": "keep-in", "radiusMetres": 0, "assignment": { "device": 7 } } },
              {{SchoolFeature}}
            ] }
            """;

        var result = GeofenceGeoJson.Read(json);

        Assert.Equal("wufu-school", Assert.Single(result.Fences).Id);
        Assert.Collection(
            result.Errors,
            e => Assert.Equal(("bad-radius", "properties.radiusMetres", GeofenceErrorCode.RadiusOutOfRange), (e.Feature, e.Field, e.Code)),
            e => Assert.Equal(("wufu-school", "properties.id", GeofenceErrorCode.DuplicateId), (e.Feature, e.Field, e.Code)));
    }

    [Fact]
    public void Read_FeatureWithoutName_TakesTheIdAsName()
    {
        var json = """{"type":"Feature","geometry":{"type":"Point","coordinates":[105.47,25.1]},"properties":{"id":"p1","mode":"keep-out","radiusMetres":80,"assignment":{"device":"12"}}}""";

        var fence = Assert.Single(GeofenceGeoJson.Read(json).Fences);

        Assert.Equal("p1", fence.Name);
        Assert.Equal(new DeviceAssignment(12), fence.Assignment);
        Assert.Equal(GeofenceMode.KeepOut, fence.Mode);
    }

    [Theory]
    [InlineData("""{"id":"f\ud800","name":"F","mode":"keep-in","radiusMetres":80,"assignment":{"device":1}}""")]
    [InlineData("""{"id":"f","name":"F\udc00","mode":"keep-in","radiusMetres":80,"assignment":{"device":1}}""")]
    [InlineData("""{"id":"f","name":"F","mode":"keep-in\ud800x","radiusMetres":80,"assignment":{"device":1}}""")]
    public void Read_EscapeOfHalfASurrogatePair_IsAnErrorWithItsPlaceInsteadOfAnException(string properties)
    {
        // Well-formed JSON that System.Text.Json parses but cannot read as a string.
        var json = Feature(Circle(), properties);

        var result = GeofenceGeoJson.Read(json);

        Assert.Empty(result.Fences);
        var error = Assert.Single(result.Errors);
        Assert.Equal(("$", GeofenceErrorCode.InvalidJson), (error.Field, error.Code));
        Assert.Contains($"at line 1, position {json.IndexOf("\\u", StringComparison.Ordinal) + 1} ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TextWithALoneSurrogateCharacter_IsAnErrorNotAnException()
    {
        var result = GeofenceGeoJson.Read(Feature(Circle(), Props().Replace("\"F\"", "\"F\uD800\"", StringComparison.Ordinal)));

        Assert.Empty(result.Fences);
        Assert.Equal(GeofenceErrorCode.InvalidJson, Assert.Single(result.Errors).Code);
    }

    [Fact]
    public void Read_IdOnlyOnTheFeature_IsAccepted()
    {
        var json = """{"type":"Feature","id":"f1","geometry":{"type":"Point","coordinates":[105.47,25.1]},"properties":{"mode":"keep-in","radiusMetres":80,"assignment":{"communityBoundary":"wufu"}}}""";

        Assert.Equal("f1", Assert.Single(GeofenceGeoJson.Read(json).Fences).Id);
    }

    private const string Square = "[[105.47,25.10],[105.48,25.10],[105.48,25.11],[105.47,25.11],[105.47,25.10]]";

    private static string Feature(string geometry, string properties) =>
        $$"""{"type":"Feature","geometry":{{geometry}},"properties":{{properties}}}""";

    private static string Props(string extra = "", string assignment = """{"device":1}""", string mode = "\"keep-in\"") =>
        $$"""{"id":"f","name":"F","mode":{{mode}},"assignment":{{assignment}}{{extra}}}""";

    private static string Circle(string coordinates = "[105.47,25.10]") => $$"""{"type":"Point","coordinates":{{coordinates}}}""";

    private static string PolygonOf(string rings) => $$"""{"type":"Polygon","coordinates":{{rings}}}""";

    public static TheoryData<string, string, GeofenceErrorCode> InvalidDocuments => new()
    {
        { "not json", "$", GeofenceErrorCode.InvalidJson },
        { "[1,2,3]", "$", GeofenceErrorCode.InvalidJson },
        { """{"type":"Point","coordinates":[105,25]}""", "type", GeofenceErrorCode.NotAFeature },
        { """{"type":"FeatureCollection"}""", "features", GeofenceErrorCode.MissingField },
        { """{"type":"FeatureCollection","features":[42]}""", "type", GeofenceErrorCode.NotAFeature },
        { """{"type":"Feature","geometry":null}""", "properties", GeofenceErrorCode.MissingField },
        { Feature(Circle(), """{"name":"F","mode":"keep-in","radiusMetres":10,"assignment":{"device":1}}"""), "properties.id", GeofenceErrorCode.MissingField },
        { Feature(Circle(), """{"id":5,"mode":"keep-in","radiusMetres":10,"assignment":{"device":1}}"""), "properties.id", GeofenceErrorCode.InvalidValue },
        { Feature(Circle(), """{"id":"f","name":7,"mode":"keep-in","radiusMetres":10,"assignment":{"device":1}}"""), "properties.name", GeofenceErrorCode.InvalidValue },
        { Feature("null", Props()), "geometry", GeofenceErrorCode.MissingField },
        { Feature("""{"type":"LineString","coordinates":[[105,25],[105.1,25.1]]}""", Props()), "geometry.type", GeofenceErrorCode.UnsupportedGeometry },
        { Feature("""{"type":"Polygon"}""", Props()), "geometry.coordinates", GeofenceErrorCode.MissingField },
        { Feature(Circle("[105.47]"), Props(""","radiusMetres":10""")), "geometry.coordinates", GeofenceErrorCode.InvalidValue },
        { Feature(Circle("[105.47,1e999]"), Props(""","radiusMetres":10""")), "geometry.coordinates", GeofenceErrorCode.CoordinateNotFinite },
        { Feature(Circle("[25.10,105.47]"), Props(""","radiusMetres":10""")), "geometry.coordinates", GeofenceErrorCode.CoordinateOutOfRange },
        { Feature(Circle("[181,25.10]"), Props(""","radiusMetres":10""")), "geometry.coordinates", GeofenceErrorCode.CoordinateOutOfRange },
        { Feature(Circle(), Props()), "properties.radiusMetres", GeofenceErrorCode.MissingField },
        { Feature(Circle(), Props(""","radiusMetres":0.5""")), "properties.radiusMetres", GeofenceErrorCode.RadiusOutOfRange },
        { Feature(Circle(), Props(""","radiusMetres":50001""")), "properties.radiusMetres", GeofenceErrorCode.RadiusOutOfRange },
        { Feature(Circle(), Props(""","radiusMetres":"100" """)), "properties.radiusMetres", GeofenceErrorCode.RadiusOutOfRange },
        { Feature(PolygonOf($"[{Square}]"), Props(""","radiusMetres":100""")), "properties.radiusMetres", GeofenceErrorCode.InvalidValue },
        { Feature(PolygonOf("[]"), Props()), "geometry.coordinates", GeofenceErrorCode.RingTooShort },
        { Feature(PolygonOf("[[[105.47,25.10],[105.48,25.10],[105.48,25.11],[105.47,25.11]]]"), Props()), "geometry.coordinates[0]", GeofenceErrorCode.RingNotClosed },
        { Feature(PolygonOf("[[[105.47,25.10],[105.48,25.10],[105.47,25.10]]]"), Props()), "geometry.coordinates[0]", GeofenceErrorCode.RingTooShort },
        { Feature(PolygonOf("[[[105.47,25.10],[105.48,25.10],[105.48,95.11],[105.47,25.11],[105.47,25.10]]]"), Props()), "geometry.coordinates[0][2]", GeofenceErrorCode.CoordinateOutOfRange },
        { Feature(PolygonOf("[[[105.47,25.10],[105.48,25.10],[105.48,\"x\"],[105.47,25.11],[105.47,25.10]]]"), Props()), "geometry.coordinates[0][2]", GeofenceErrorCode.InvalidValue },
        { Feature(PolygonOf("[[[105.47,25.10],[105.48,25.11],[105.48,25.10],[105.47,25.11],[105.47,25.10]]]"), Props()), "geometry", GeofenceErrorCode.InvalidGeometry },
        { Feature(PolygonOf($"[{Square},[[105.50,25.20],[105.51,25.20],[105.51,25.21],[105.50,25.20]]]"), Props()), "geometry", GeofenceErrorCode.InvalidGeometry },
        { Feature(PolygonOf($"[{Square}]"), Props(mode: "\"keep-around\"")), "properties.mode", GeofenceErrorCode.UnknownMode },
        { Feature(PolygonOf($"[{Square}]"), Props(mode: "1")), "properties.mode", GeofenceErrorCode.UnknownMode },
        { Feature(PolygonOf($"[{Square}]"), """{"id":"f","mode":"keep-in"}"""), "properties.assignment", GeofenceErrorCode.MissingField },
        { Feature(PolygonOf($"[{Square}]"), Props(assignment: "\"wufu\"")), "properties.assignment", GeofenceErrorCode.InvalidValue },
        { Feature(PolygonOf($"[{Square}]"), Props(assignment: "{}")), "properties.assignment", GeofenceErrorCode.InvalidAssignment },
        { Feature(PolygonOf($"[{Square}]"), Props(assignment: """{"device":1,"communityBoundary":"wufu"}""")), "properties.assignment", GeofenceErrorCode.InvalidAssignment },
        { Feature(PolygonOf($"[{Square}]"), Props(assignment: """{"device":0}""")), "properties.assignment.device", GeofenceErrorCode.InvalidAssignment },
        { Feature(PolygonOf($"[{Square}]"), Props(assignment: """{"device":-3}""")), "properties.assignment.device", GeofenceErrorCode.InvalidAssignment },
        { Feature(PolygonOf($"[{Square}]"), Props(assignment: """{"kind":"tractor","community":"wufu"}""")), "properties.assignment.kind", GeofenceErrorCode.UnknownKind },
        { Feature(PolygonOf($"[{Square}]"), Props(assignment: """{"kind":"ebike-chip"}""")), "properties.assignment.community", GeofenceErrorCode.InvalidAssignment },
        { Feature(PolygonOf($"[{Square}]"), Props(assignment: """{"communityBoundary":""}""")), "properties.assignment.communityBoundary", GeofenceErrorCode.InvalidAssignment },
        { Feature(PolygonOf($"[{Square}]"), Props(""","schedule":"weekdays" """)), "properties.schedule", GeofenceErrorCode.InvalidValue },
        { Feature(PolygonOf($"[{Square}]"), Props(""","schedule":[]""")), "properties.schedule", GeofenceErrorCode.InvalidValue },
        { Feature(PolygonOf($"[{Square}]"), Props(""","schedule":[{"start":"07:30","end":"17:00"}]""")), "properties.schedule[0].days", GeofenceErrorCode.MissingField },
        { Feature(PolygonOf($"[{Square}]"), Props(""","schedule":[{"days":["monday"],"start":"07:30","end":"17:00"}]""")), "properties.schedule[0].days", GeofenceErrorCode.UnknownDay },
        { Feature(PolygonOf($"[{Square}]"), Props(""","schedule":[{"days":[],"start":"07:30","end":"17:00"}]""")), "properties.schedule[0].days", GeofenceErrorCode.UnknownDay },
        { Feature(PolygonOf($"[{Square}]"), Props(""","schedule":[{"days":["mon"],"start":"7.30","end":"17:00"}]""")), "properties.schedule[0].start", GeofenceErrorCode.InvalidTime },
        { Feature(PolygonOf($"[{Square}]"), Props(""","schedule":[{"days":["mon"],"start":"07:30","end":"24:00"}]""")), "properties.schedule[0].end", GeofenceErrorCode.InvalidTime },
        { Feature(PolygonOf($"[{Square}]"), Props(""","schedule":[{"days":["mon"],"start":"07:30"}]""")), "properties.schedule[0].end", GeofenceErrorCode.MissingField },
        { Feature(PolygonOf($"[{Square}]"), Props(""","schedule":[{"days":["mon"],"start":"07:30","end":"07:30"}]""")), "properties.schedule[0]", GeofenceErrorCode.EmptyWindow },
        { Feature(PolygonOf($"[{Square}]"), Props(""","debounce":{"fixes":0}""")), "properties.debounce.fixes", GeofenceErrorCode.InvalidDebounce },
        { Feature(PolygonOf($"[{Square}]"), Props(""","debounce":{"fixes":2.5}""")), "properties.debounce.fixes", GeofenceErrorCode.InvalidDebounce },
        { Feature(PolygonOf($"[{Square}]"), Props(""","debounce":{"seconds":-1e300}""")), "properties.debounce.seconds", GeofenceErrorCode.InvalidDebounce },
        { Feature(PolygonOf($"[{Square}]"), Props(""","debounce":{"marginMetres":5000}""")), "properties.debounce.marginMetres", GeofenceErrorCode.InvalidDebounce },
        { Feature(PolygonOf($"[{Square}]"), Props(""","debounce":7""")), "properties.debounce", GeofenceErrorCode.InvalidValue },
    };

    [Theory]
    [MemberData(nameof(InvalidDocuments))]
    public void Read_InvalidInput_ReportsATypedErrorNamingTheField(string json, string field, GeofenceErrorCode code)
    {
        var result = GeofenceGeoJson.Read(json);

        Assert.Empty(result.Fences);
        Assert.Contains(result.Errors, e => e.Field == field && e.Code == code);
    }

    [Fact]
    public void Read_SelfIntersectingPolygon_GivesNtsReasonAndWhere()
    {
        var json = Feature(PolygonOf("[[[105.47,25.10],[105.48,25.11],[105.48,25.10],[105.47,25.11],[105.47,25.10]]]"), Props());

        var error = Assert.Single(GeofenceGeoJson.Read(json).Errors);

        Assert.Equal("f", error.Feature);
        Assert.Contains("Self-intersection", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("25.105", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_FeatureWithSeveralProblems_ReportsEachOfThem()
    {
        var json = Feature(Circle("[200,25]"), """{"id":"f","mode":"keep","assignment":{"kind":"x","community":"wufu"},"schedule":[{"days":["sun"],"start":"25:00","end":"07:00"}]}""");

        var codes = GeofenceGeoJson.Read(json).Errors.Select(e => e.Code).ToHashSet();

        Assert.Superset(
            new HashSet<GeofenceErrorCode>
            {
                GeofenceErrorCode.UnknownMode, GeofenceErrorCode.UnknownKind, GeofenceErrorCode.InvalidTime,
                GeofenceErrorCode.CoordinateOutOfRange, GeofenceErrorCode.MissingField,
            },
            codes);
    }

    [Fact]
    public void Read_EveryTruncationAndManyMutationsOfAValidDocument_NeverThrows()
    {
        var json = GeofenceGeoJson.Write(SampleFences());
        for (var length = 0; length < json.Length; length++)
        {
            var result = GeofenceGeoJson.Read(json[..length]);
            Assert.False(result.IsValid);
        }

        var random = new Random(20261130);
        const string Alphabet = "{}[],:\"0123456789.-eE abcdefghijklmnopqrstuvwxyz";
        for (var i = 0; i < 3000; i++)
        {
            var chars = json.ToCharArray();
            for (var k = random.Next(1, 4); k > 0; k--)
            {
                chars[random.Next(chars.Length)] = Alphabet[random.Next(Alphabet.Length)];
            }

            _ = GeofenceGeoJson.Read(new string(chars));
        }
    }

    [Fact]
    public void Validate_ProgrammaticFences_AppliesTheSameRules()
    {
        var fence = Fences.Circle("c", new GeoPoint(double.NaN, 105), 0, assignment: new KindAssignment((DeviceKind)99, " "),
            schedule: new WeeklySchedule([new ScheduleWindow(WeekDays.None, new TimeOnly(8, 0), new TimeOnly(8, 0))]),
            debounce: new DebounceOverrides { ConfirmFixes = 101, ConfirmAfter = TimeSpan.Zero, HysteresisMetres = -1 }) with
        {
            Mode = (GeofenceMode)7,
        };

        var codes = GeofenceValidator.Validate(fence).Select(e => e.Code).ToList();

        Assert.Equal(
            [
                GeofenceErrorCode.UnknownMode, GeofenceErrorCode.CoordinateNotFinite, GeofenceErrorCode.RadiusOutOfRange,
                GeofenceErrorCode.UnknownKind, GeofenceErrorCode.InvalidAssignment, GeofenceErrorCode.UnknownDay,
                GeofenceErrorCode.EmptyWindow, GeofenceErrorCode.InvalidDebounce, GeofenceErrorCode.InvalidDebounce,
                GeofenceErrorCode.InvalidDebounce,
            ],
            codes);
    }

    [Fact]
    public void Validate_PolygonWithHoleOutsideShell_IsInvalidGeometry()
    {
        var shell = Fences.Ring(Fences.Anlong, (0, 0), (0, 100), (100, 100), (100, 0));
        var hole = Fences.Ring(Fences.Anlong, (500, 500), (500, 600), (600, 600), (600, 500));
        var fence = Fences.PolygonFence("p", GeofenceGeoJson.Factory.CreatePolygon(shell, [hole]));

        var error = Assert.Single(GeofenceValidator.Validate(fence));

        Assert.Equal(GeofenceErrorCode.InvalidGeometry, error.Code);
        Assert.Contains("Hole lies outside shell", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Validate_EmptyPolygon_IsRejected()
    {
        var fence = Fences.PolygonFence("p", GeofenceGeoJson.Factory.CreatePolygon());

        Assert.Equal(GeofenceErrorCode.RingTooShort, Assert.Single(GeofenceValidator.Validate(fence)).Code);
    }

    [Fact]
    public void Read_PolygonWithAltitude_KeepsItOnWrite()
    {
        var json = Feature(PolygonOf("[[[105.47,25.10,1300],[105.48,25.10,1300],[105.48,25.11,1300],[105.47,25.10,1300]]]"), Props());

        var fence = Assert.Single(GeofenceGeoJson.Read(json).Fences);

        var polygon = Assert.IsType<PolygonShape>(fence.Shape).Polygon;
        Assert.Equal(1300, polygon.ExteriorRing.GetCoordinateN(0).Z);
        Assert.Contains("1300", GeofenceGeoJson.Write(fence), StringComparison.Ordinal);
        Assert.IsType<Polygon>(polygon);
    }
}
