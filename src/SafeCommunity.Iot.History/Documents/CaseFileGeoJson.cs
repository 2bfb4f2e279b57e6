using System.Text.Json;
using SafeCommunity.Iot.Core.Geodesy;
using SafeCommunity.Iot.Core.Registry;
using SafeCommunity.Iot.History.CaseFiles;

namespace SafeCommunity.Iot.History.Documents;

/// <summary>
/// A case file as one GeoJSON FeatureCollection (RFC 7946, WGS84 longitude-latitude): the trail as a LineString (a
/// Point when it has one point) with each position's time in <c>times</c>, a Point per sighting and a Point per
/// fixed receiver that heard the bike. Every feature's <c>properties.feature</c> says which it is.
/// </summary>
public static class CaseFileGeoJson
{
    /// <summary>The UTF-8 GeoJSON text.</summary>
    public static byte[] Write(CaseFile caseFile)
    {
        ArgumentNullException.ThrowIfNull(caseFile);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("type", "FeatureCollection");
            json.WriteStartArray("features");
            WriteTrail(json, caseFile);
            foreach (var sighting in caseFile.Sightings.Where(s => s.Location is not null))
            {
                WriteSighting(json, sighting);
            }

            foreach (var receiver in caseFile.Receivers.Where(r => r.Position is not null))
            {
                WriteReceiver(json, receiver);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static void WriteTrail(Utf8JsonWriter json, CaseFile caseFile)
    {
        var points = caseFile.Trail.Points;
        if (points.Count == 0)
        {
            return;
        }

        json.WriteStartObject();
        json.WriteString("type", "Feature");
        json.WriteStartObject("geometry");
        if (points.Count == 1)
        {
            json.WriteString("type", "Point");
            json.WritePropertyName("coordinates");
            WritePosition(json, points[0].Location.Point);
        }
        else
        {
            json.WriteString("type", "LineString");
            json.WriteStartArray("coordinates");
            foreach (var point in points)
            {
                WritePosition(json, point.Location.Point);
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
        json.WriteStartObject("properties");
        json.WriteString("feature", "trail");
        json.WriteNumber("device", caseFile.Device.Id);
        json.WriteString("policeReport", caseFile.Report.PoliceReportNumber);
        json.WriteString("from", caseFile.From.UtcDateTime);
        json.WriteString("until", caseFile.Until.UtcDateTime);
        json.WriteBoolean("truncated", caseFile.Trail.Truncated);
        json.WriteStartArray("times");
        foreach (var point in points)
        {
            json.WriteStringValue(point.Location.At.UtcDateTime);
        }

        json.WriteEndArray();
        json.WriteStartArray("accuracyMetres");
        foreach (var point in points)
        {
            json.WriteNumberValue(Math.Round(point.Location.AccuracyMetres, 1));
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteSighting(Utf8JsonWriter json, Sighting sighting)
    {
        var location = sighting.Location!.Value;
        json.WriteStartObject();
        json.WriteString("type", "Feature");
        json.WriteStartObject("geometry");
        json.WriteString("type", "Point");
        json.WritePropertyName("coordinates");
        WritePosition(json, location.Point);
        json.WriteEndObject();
        json.WriteStartObject("properties");
        json.WriteString("feature", "sighting");
        json.WriteNumber("sequence", sighting.Sequence);
        json.WriteNumber("alarm", sighting.AlarmId);
        json.WriteString("time", sighting.At.UtcDateTime);
        json.WriteStartArray("receivers");
        foreach (var receiver in sighting.ReceiverIds)
        {
            json.WriteStringValue(receiver);
        }

        json.WriteEndArray();
        if (sighting.SeenCommunityId is { } community)
        {
            json.WriteString("community", community);
        }

        json.WriteNumber("accuracyMetres", Math.Round(location.AccuracyMetres, 1));
        json.WriteString("source", location.Source == LocationSource.Gnss ? "gnss" : "receivers");
        if (sighting.Signal?.RssiDbm is { } rssi)
        {
            json.WriteNumber("rssiDbm", rssi);
        }

        if (sighting.Signal?.SnrDb is { } snr)
        {
            json.WriteNumber("snrDb", snr);
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteReceiver(Utf8JsonWriter json, Receiver receiver)
    {
        json.WriteStartObject();
        json.WriteString("type", "Feature");
        json.WriteStartObject("geometry");
        json.WriteString("type", "Point");
        json.WritePropertyName("coordinates");
        WritePosition(json, receiver.Position!.Value);
        json.WriteEndObject();
        json.WriteStartObject("properties");
        json.WriteString("feature", "receiver");
        json.WriteString("id", receiver.Id);
        if (receiver.Name is { } name)
        {
            json.WriteString("name", name);
        }

        json.WriteString("community", receiver.CommunityId);
        json.WriteNumber("rangeMetres", receiver.RangeMetres);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    // RFC 7946 §3.1.1: longitude first; seven decimals are about a centimetre.
    private static void WritePosition(Utf8JsonWriter json, GeoPoint point)
    {
        json.WriteStartArray();
        json.WriteNumberValue(Math.Round(point.Longitude, 7));
        json.WriteNumberValue(Math.Round(point.Latitude, 7));
        json.WriteEndArray();
    }
}
