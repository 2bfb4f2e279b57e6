using System.Text;
using SafeCommunity.Iot.Fuzz.Tests.Fuzzing;
using SafeCommunity.Iot.Geofences.GeoJson;
using Xunit.Abstractions;

namespace SafeCommunity.Iot.Fuzz.Tests.Parsers;

/// <summary>GeoJSON fence imports: fences or errors, never an exception; a fence read back from its own GeoJSON is the same fence.</summary>
public sealed class GeofenceGeoJsonFuzzTests(ITestOutputHelper output)
{
    // The slowest parser here (it builds and validates NetTopologySuite geometries, about 40 µs of processor time a
    // case); a million cases still keep the whole project within about a minute on two cores.
    private const long CiCases = 1_000_000;
    private const int Capacity = 96 * 1024;

    private long _fences;

    [Fact]
    public void Read_AnyText_GivesFencesThatRoundTripOrErrors()
    {
        var settings = FuzzSettings.FromEnvironment(CiCases);
        var inputs = new JsonInputs(Corpus.Files("geojson"), Capacity, settings.Seed);
        var target = new FuzzTarget("GeofenceGeoJson", Capacity, inputs.Next, Check, AllocationBound: length => 262_144 + (256L * length));

        var result = FuzzRunner.Run(target, settings);

        output.WriteLine(result.ToString());
        output.WriteLine($"fences read: {_fences:N0}");
        Assert.True(_fences > result.Cases / 100, "the mutations never leave a fence the reader accepts");
    }

    private void Check(ReadOnlySpan<byte> input)
    {
        var result = GeofenceGeoJson.Read(Encoding.UTF8.GetString(input));
        Assert.All(result.Errors, error => Assert.False(string.IsNullOrWhiteSpace(error.Message)));
        foreach (var fence in result.Fences)
        {
            _fences++;
            var again = GeofenceGeoJson.Read(GeofenceGeoJson.Write(fence));
            Assert.Empty(again.Errors);
            Assert.Equal(fence, Assert.Single(again.Fences));
        }
    }
}
