using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using SafeCommunity.Iot.History.Documents;
using SafeCommunity.Iot.History.Tests.Support;

namespace SafeCommunity.Iot.History.Tests.Documents;

public sealed class CaseFileGpxTests
{
    private static readonly XNamespace Gpx = CaseFileGpx.Namespace;

    [Fact]
    public void Write_ParsedBack_HasEveryTrailPointInOrderWithTimeAndEverySightingAsAWaypoint()
    {
        var caseFile = SampleCaseFile.Create();

        using var stream = new MemoryStream(CaseFileGpx.Write(caseFile));
        using var reader = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit });
        var document = XDocument.Load(reader);

        var root = document.Root!;
        Assert.Equal(Gpx + "gpx", root.Name);
        Assert.Equal("1.1", root.Attribute("version")!.Value);
        var points = root.Element(Gpx + "trk")!.Element(Gpx + "trkseg")!.Elements(Gpx + "trkpt").ToList();
        Assert.Equal(caseFile.Trail.Points.Count, points.Count);
        for (var i = 0; i < points.Count; i++)
        {
            var expected = caseFile.Trail.Points[i].Location;
            Assert.Equal(expected.Point.Latitude, Double(points[i], "lat"), 7);
            Assert.Equal(expected.Point.Longitude, Double(points[i], "lon"), 7);
            Assert.Equal(expected.At, DateTimeOffset.Parse(points[i].Element(Gpx + "time")!.Value, CultureInfo.InvariantCulture));
            Assert.Equal("receivers", points[i].Element(Gpx + "src")!.Value);
        }

        var waypoints = root.Elements(Gpx + "wpt").ToList();
        Assert.Equal(caseFile.Sightings.Count, waypoints.Count);
        Assert.Equal(caseFile.Sightings.Select(s => s.At), waypoints.Select(w => DateTimeOffset.Parse(w.Element(Gpx + "time")!.Value, CultureInfo.InvariantCulture)));
        Assert.Contains("heard by wufu-gate-north; RSSI -80 dBm, SNR 5.5 dB", waypoints[0].Element(Gpx + "desc")!.Value, StringComparison.Ordinal);
        Assert.Contains("ALPS-2026-0415", root.Element(Gpx + "metadata")!.Element(Gpx + "desc")!.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_GpxElementOrder_FollowsTheSchemasSequence()
    {
        var document = XDocument.Parse(System.Text.Encoding.UTF8.GetString(CaseFileGpx.Write(SampleCaseFile.Create())));

        // GPX 1.1's gpxType: metadata, wpt*, rte*, trk*; wptType: ele, time, ..., name, cmt, desc, src, link, sym, type.
        var children = document.Root!.Elements().Select(e => e.Name.LocalName).Distinct().ToList();
        Assert.Equal(["metadata", "wpt", "trk"], children);
        Assert.Equal(["time", "name", "desc", "src", "type"], document.Root.Element(Gpx + "wpt")!.Elements().Select(e => e.Name.LocalName));
    }

    private static double Double(XElement element, string attribute) =>
        double.Parse(element.Attribute(attribute)!.Value, CultureInfo.InvariantCulture);
}
