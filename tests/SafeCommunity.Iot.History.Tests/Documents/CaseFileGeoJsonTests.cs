using System.Text.Json;
using SafeCommunity.Iot.History.Documents;
using SafeCommunity.Iot.History.Tests.Support;

namespace SafeCommunity.Iot.History.Tests.Documents;

public sealed class CaseFileGeoJsonTests
{
    [Fact]
    public void Write_ParsedBack_IsAFeatureCollectionWithTheTrailLineStringSightingsAndReceivers()
    {
        var caseFile = SampleCaseFile.Create();

        using var json = JsonDocument.Parse(CaseFileGeoJson.Write(caseFile));

        var root = json.RootElement;
        Assert.Equal("FeatureCollection", root.GetProperty("type").GetString());
        var features = root.GetProperty("features").EnumerateArray().ToList();
        Assert.All(features, f => Assert.Equal("Feature", f.GetProperty("type").GetString()));
        var byKind = features.ToLookup(f => f.GetProperty("properties").GetProperty("feature").GetString());

        var trail = Assert.Single(byKind["trail"]);
        Assert.Equal("LineString", trail.GetProperty("geometry").GetProperty("type").GetString());
        var coordinates = trail.GetProperty("geometry").GetProperty("coordinates").EnumerateArray().ToList();
        Assert.Equal(caseFile.Trail.Points.Count, coordinates.Count);
        for (var i = 0; i < coordinates.Count; i++)
        {
            // RFC 7946: longitude, then latitude.
            var expected = caseFile.Trail.Points[i].Location;
            Assert.Equal(expected.Point.Longitude, coordinates[i][0].GetDouble(), 7);
            Assert.Equal(expected.Point.Latitude, coordinates[i][1].GetDouble(), 7);
        }

        var times = trail.GetProperty("properties").GetProperty("times").EnumerateArray().Select(t => t.GetDateTimeOffset()).ToList();
        Assert.Equal(caseFile.Trail.Points.Select(p => p.Location.At), times);

        var sightings = byKind["sighting"].ToList();
        Assert.Equal(caseFile.Sightings.Count, sightings.Count);
        Assert.All(sightings, s => Assert.Equal("Point", s.GetProperty("geometry").GetProperty("type").GetString()));
        var first = sightings[0].GetProperty("properties");
        Assert.Equal(-80, first.GetProperty("rssiDbm").GetDouble());
        Assert.Equal(["wufu-gate-north"], first.GetProperty("receivers").EnumerateArray().Select(r => r.GetString()));
        Assert.False(sightings[^1].GetProperty("properties").TryGetProperty("rssiDbm", out _));

        Assert.Equal(["wufu-gate-north", "wufu-gate-south"], byKind["receiver"].Select(r => r.GetProperty("properties").GetProperty("id").GetString()));
    }

    [Fact]
    public void Write_OneTrailPoint_IsAPointFeature_AndNoneLeavesTheTrailOut()
    {
        using var one = JsonDocument.Parse(CaseFileGeoJson.Write(SampleCaseFile.Create(trailPoints: 1, sightings: 0)));
        using var none = JsonDocument.Parse(CaseFileGeoJson.Write(SampleCaseFile.Create(trailPoints: 0, sightings: 0)));

        var trail = one.RootElement.GetProperty("features").EnumerateArray().Single(f => f.GetProperty("properties").GetProperty("feature").GetString() == "trail");
        Assert.Equal("Point", trail.GetProperty("geometry").GetProperty("type").GetString());
        Assert.DoesNotContain(none.RootElement.GetProperty("features").EnumerateArray(), f => f.GetProperty("properties").GetProperty("feature").GetString() == "trail");
    }
}
