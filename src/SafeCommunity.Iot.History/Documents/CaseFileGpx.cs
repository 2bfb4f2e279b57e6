using System.Globalization;
using System.Text;
using System.Xml;
using SafeCommunity.Iot.Core.Geodesy;
using SafeCommunity.Iot.History.CaseFiles;

namespace SafeCommunity.Iot.History.Documents;

/// <summary>
/// A case file as GPX 1.1 (<c>http://www.topografix.com/GPX/1/1</c>): a waypoint per sighting and one track whose
/// points are the trail, each with its time; a point's <c>src</c> says how it was placed (gnss or receivers).
/// </summary>
public static class CaseFileGpx
{
    /// <summary>The GPX 1.1 namespace.</summary>
    public const string Namespace = "http://www.topografix.com/GPX/1/1";

    /// <summary>The UTF-8 GPX document.</summary>
    public static byte[] Write(CaseFile caseFile)
    {
        ArgumentNullException.ThrowIfNull(caseFile);
        using var buffer = new MemoryStream();
        var settings = new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true };
        using (var xml = XmlWriter.Create(buffer, settings))
        {
            xml.WriteStartDocument();
            xml.WriteStartElement("gpx", Namespace);
            xml.WriteAttributeString("version", "1.1");
            xml.WriteAttributeString("creator", "SafeCommunity.Iot gateway");
            xml.WriteStartElement("metadata", Namespace);
            xml.WriteElementString("name", Namespace, Title(caseFile));
            xml.WriteElementString("desc", Namespace, FormattableString.Invariant(
                $"police report {caseFile.Report.PoliceReportNumber}; {caseFile.Sightings.Count} sightings and {caseFile.Trail.Points.Count} trail points from {Time(caseFile.From)} to {Time(caseFile.Until)}"));
            xml.WriteElementString("time", Namespace, Time(caseFile.GeneratedAt));
            xml.WriteEndElement();

            foreach (var sighting in caseFile.Sightings.Where(s => s.Location is not null))
            {
                WriteSighting(xml, sighting);
            }

            xml.WriteStartElement("trk", Namespace);
            xml.WriteElementString("name", Namespace, Title(caseFile));
            xml.WriteStartElement("trkseg", Namespace);
            foreach (var point in caseFile.Trail.Points)
            {
                xml.WriteStartElement("trkpt", Namespace);
                WriteCoordinates(xml, point.Location.Point);
                xml.WriteElementString("time", Namespace, Time(point.Location.At));
                xml.WriteElementString("src", Namespace, Source(point.Location.Source));
                xml.WriteEndElement();
            }

            xml.WriteEndElement();
            xml.WriteEndElement();
            xml.WriteEndElement();
            xml.WriteEndDocument();
        }

        return buffer.ToArray();
    }

    private static void WriteSighting(XmlWriter xml, Sighting sighting)
    {
        var location = sighting.Location!.Value;
        xml.WriteStartElement("wpt", Namespace);
        WriteCoordinates(xml, location.Point);
        xml.WriteElementString("time", Namespace, Time(sighting.At));
        xml.WriteElementString("name", Namespace, FormattableString.Invariant($"sighting {sighting.Sequence}"));
        var signal = sighting.Signal is { } s
            ? string.Create(CultureInfo.InvariantCulture, $"; RSSI {s.RssiDbm?.ToString("0.#", CultureInfo.InvariantCulture) ?? "?"} dBm, SNR {s.SnrDb?.ToString("0.#", CultureInfo.InvariantCulture) ?? "?"} dB")
            : string.Empty;
        xml.WriteElementString("desc", Namespace, FormattableString.Invariant(
            $"heard by {string.Join(", ", sighting.ReceiverIds)}{signal}; ±{location.AccuracyMetres:0} m"));
        xml.WriteElementString("src", Namespace, Source(location.Source));
        xml.WriteElementString("type", Namespace, "sighting");
        xml.WriteEndElement();
    }

    private static void WriteCoordinates(XmlWriter xml, GeoPoint point)
    {
        xml.WriteAttributeString("lat", point.Latitude.ToString("0.0######", CultureInfo.InvariantCulture));
        xml.WriteAttributeString("lon", point.Longitude.ToString("0.0######", CultureInfo.InvariantCulture));
    }

    private static string Title(CaseFile caseFile) =>
        FormattableString.Invariant($"Stolen bike {caseFile.Device.Id} ({caseFile.Device.DisplayName})");

    private static string Source(LocationSource source) => source == LocationSource.Gnss ? "gnss" : "receivers";

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
