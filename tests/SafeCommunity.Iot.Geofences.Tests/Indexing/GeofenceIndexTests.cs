using SafeCommunity.Iot.Core.Geodesy;
using SafeCommunity.Iot.Core.Registry;
using SafeCommunity.Iot.Geofences.Indexing;
using SafeCommunity.Iot.Geofences.Tests.Support;

namespace SafeCommunity.Iot.Geofences.Tests.Indexing;

public sealed class GeofenceIndexTests
{
    [Fact]
    public void Candidates_FencesOfEveryAssignmentAroundThePoint_ReturnsOnlyThoseOfTheDevice()
    {
        var index = Fences.Index(
            Fences.Circle("mine", Fences.Anlong, 300, assignment: new DeviceAssignment(1)),
            Fences.Circle("neighbour", Fences.Anlong, 300, assignment: new DeviceAssignment(2)),
            Fences.Circle("children-of-wufu", Fences.Anlong, 300, assignment: new KindAssignment(DeviceKind.ChildWristband, "wufu")),
            Fences.Circle("elders-of-wufu", Fences.Anlong, 300, assignment: new KindAssignment(DeviceKind.ElderWristband, "wufu")),
            Fences.Circle("children-of-tiangu", Fences.Anlong, 300, assignment: new KindAssignment(DeviceKind.ChildWristband, "tiangu")),
            Fences.PolygonFence("wufu", Fences.Square(Fences.Anlong, 2_000), assignment: new CommunityBoundaryAssignment("wufu")),
            Fences.PolygonFence("tiangu", Fences.Square(Fences.Anlong, 2_000), assignment: new CommunityBoundaryAssignment("tiangu")),
            Fences.Circle("mine-far-away", LocalGeodesy.Offset(Fences.Anlong, 20_000, 0), 300, assignment: new DeviceAssignment(1)));

        var ids = index.Candidates(Fences.Device(1, DeviceKind.ChildWristband, "wufu"), Fences.Anlong).Select(f => f.Id).Order(StringComparer.Ordinal);

        Assert.Equal(["children-of-wufu", "mine", "wufu"], ids);
    }

    [Fact]
    public void Candidates_PointJustBeyondTheExpansion_IsNotACandidate()
    {
        var index = Fences.Index(Fences.Circle("c", Fences.Anlong, 100));
        var device = Fences.Device(1);
        var reach = 100 + index.Options.MaxAccuracyMetres + DebounceSettings.Default.HysteresisMetres;

        Assert.Single(index.Candidates(device, LocalGeodesy.Offset(Fences.Anlong, reach - 1, 0)));
        Assert.Empty(index.Candidates(device, LocalGeodesy.Offset(Fences.Anlong, reach * 1.05, 0)));
        Assert.Empty(index.Candidates(device, LocalGeodesy.Offset(Fences.Anlong, 0, reach * 1.05)));
    }

    [Fact]
    public void AddReplaceRemove_ById_PublishNewSnapshots()
    {
        var index = new GeofenceIndex();
        var device = Fences.Device(1);
        index.Add(Fences.Circle("home", Fences.Anlong, 100));
        var first = index.Snapshot;

        var replaced = index.AddOrReplace(Fences.Circle("home", LocalGeodesy.Offset(Fences.Anlong, 5_000, 0), 100));

        Assert.True(replaced);
        Assert.Empty(index.Candidates(device, Fences.Anlong));
        Assert.Single(first.Fences);
        Assert.True(index.Snapshot.Version > first.Version);
        Assert.Throws<InvalidOperationException>(() => index.Add(Fences.Circle("home", Fences.Anlong, 100)));
        Assert.True(index.Remove("home"));
        Assert.False(index.Remove("home"));
        Assert.Equal(0, index.Count);
    }

    [Fact]
    public void Add_InvalidFence_ThrowsWithTheErrorsAndChangesNothing()
    {
        var index = new GeofenceIndex();

        var error = Assert.Throws<ArgumentException>(() => index.AddOrReplaceRange(
            [Fences.Circle("ok", Fences.Anlong, 100), Fences.Circle("huge", Fences.Anlong, 60_000)]));

        Assert.Contains("RadiusOutOfRange", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, index.Count);
    }

    [Fact]
    public void Candidates_FiveThousandFences_EqualsABruteForceScan()
    {
        var random = new Random(105_47);
        var fences = Fences.RandomCounty(random, 5_000);
        var index = Fences.Index([.. fences]);
        var prepared = index.Snapshot.Fences.ToList();

        for (var i = 0; i < 300; i++)
        {
            var device = Fences.Device((uint)random.Next(1, 200), (DeviceKind)random.Next(1, 4), $"c{random.Next(0, 10)}");
            var point = LocalGeodesy.Offset(Fences.Anlong, random.Next(-30_000, 30_000), random.Next(-30_000, 30_000));

            var expected = prepared.Where(f => f.AppliesTo(device) && f.IsNear(point)).Select(f => f.Id).Order(StringComparer.Ordinal);
            var actual = index.Candidates(device, point).Select(f => f.Id).Order(StringComparer.Ordinal);

            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public async Task Snapshot_ReadersWhileAWriterEdits_NeverFail()
    {
        var index = Fences.Index([.. Fences.RandomCounty(new Random(1), 1_000)]);
        var device = Fences.Device(3, DeviceKind.ChildWristband, "c1");
        using var stop = new CancellationTokenSource();

        var readers = Enumerable.Range(0, 2).Select(r => Task.Run(() =>
        {
            var random = new Random(r);
            var reads = 0;
            while (!stop.IsCancellationRequested || reads < 100)
            {
                var point = LocalGeodesy.Offset(Fences.Anlong, random.Next(-30_000, 30_000), random.Next(-30_000, 30_000));
                foreach (var fence in index.Candidates(device, point))
                {
                    _ = fence.Classify(point, 20);
                }

                reads++;
            }

            return reads;
        })).ToArray();

        var random = new Random(2);
        for (var i = 0; i < 50; i++)
        {
            index.AddOrReplace(Fences.Circle($"f{random.Next(0, 1_000)}", LocalGeodesy.Offset(Fences.Anlong, random.Next(-30_000, 30_000), 0), 500,
                assignment: new KindAssignment(DeviceKind.ChildWristband, "c1")));
            index.Remove($"f{random.Next(0, 1_000)}");
        }

        await stop.CancelAsync();
        var counts = await Task.WhenAll(readers);

        Assert.All(counts, c => Assert.True(c >= 100));
    }
}
