using System.Globalization;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using SafeCommunity.Iot.Core.Geodesy;
using SafeCommunity.Iot.Core.Registry;
using SafeCommunity.Iot.Geofences;
using SafeCommunity.Iot.History.CaseFiles;
using SafeCommunity.Iot.History.Trails;

namespace SafeCommunity.Iot.History.Pdf;

/// <summary>
/// The case file on one A4 page: the theft report, a map drawn from the gateway's own data (the communities' fences,
/// the receivers that heard the bike, the trail and the sightings; no map tiles, nothing fetched), the sightings as a
/// table, and what could not be included.
/// </summary>
public sealed class CaseFilePdf
{
    private const double PageMargin = 40;
    private const double MapHeight = 360;
    private const double LineHeight = 11;
    private const double TableBottom = 790;

    private static readonly XColor Ink = XColor.FromArgb(33, 37, 41);
    private static readonly XColor Muted = XColor.FromArgb(108, 117, 125);
    private static readonly XColor TrailBlue = XColor.FromArgb(13, 110, 253);
    private static readonly XColor SightingRed = XColor.FromArgb(220, 53, 69);
    private static readonly XColor ReceiverGrey = XColor.FromArgb(73, 80, 87);
    private static readonly XColor KeepInGreen = XColor.FromArgb(40, 25, 135, 84);
    private static readonly XColor KeepOutRed = XColor.FromArgb(40, 220, 53, 69);
    private static readonly XColor MapPaper = XColor.FromArgb(248, 249, 250);

    private readonly CaseFileFont _font;

    /// <summary>Creates the renderer with <paramref name="font"/> for every text.</summary>
    public CaseFilePdf(CaseFileFont font) => _font = font;

    /// <summary>The PDF document.</summary>
    public byte[] Render(CaseFile caseFile)
    {
        ArgumentNullException.ThrowIfNull(caseFile);
        using var document = new PdfDocument();
        document.Info.Title = FormattableString.Invariant($"Case file: stolen bike {caseFile.Device.Id}, police report {caseFile.Report.PoliceReportNumber}");
        document.Info.Creator = "SafeCommunity.Iot gateway";
        var page = document.AddPage();
        page.Size = PageSize.A4;
        using (var graphics = XGraphics.FromPdfPage(page))
        {
            var width = page.Width.Point - (2 * PageMargin);
            var y = DrawHeader(graphics, caseFile, width);
            var map = new XRect(PageMargin, y, width, MapHeight);
            DrawMap(graphics, caseFile, map);
            y = DrawLegend(graphics, map.Bottom + 4);
            DrawSightingsAndWarnings(graphics, caseFile, y + 6, width);
            DrawFooter(graphics, caseFile, page.Height.Point - PageMargin + 14, width);
        }

        using var output = new MemoryStream();
        document.Save(output, false);
        return output.ToArray();
    }

    private double DrawHeader(XGraphics graphics, CaseFile caseFile, double width)
    {
        var report = caseFile.Report;
        var device = caseFile.Device;
        var zone = caseFile.TimeZone;
        graphics.DrawString("被盗电动车案卷  Stolen e-bike case file", _font.At(16, bold: true), new XSolidBrush(Ink), new XPoint(PageMargin, PageMargin + 6));
        graphics.DrawString(
            FormattableString.Invariant($"警情编号 Police report {report.PoliceReportNumber}   ·   theft report {report.Id}"),
            _font.At(10), new XSolidBrush(Muted), new XPoint(PageMargin, PageMargin + 22));

        var community = caseFile.Community is { } home ? $"{home.Name} ({home.Id}), {home.PoliceRoom}" : device.CommunityId;
        var sightings = caseFile.Sightings;
        var rows = new List<(string Label, string Value)>
        {
            ("车辆 Bike", FormattableString.Invariant($"{device.DisplayName}  ·  chip {device.Id}")),
            ("车主 Owner", device.Owner),
            ("社区 Community", community),
            ("被盗时间 Stolen", Local(report.StolenAt, zone)),
            ("报案 Reported", $"{Local(report.ReportedAt, zone)} by {report.ReportedBy}"),
            ("最后所见 Last seen", report.LastSeenPlace ?? "—"),
            ("特征 Description", report.Description ?? "—"),
            ("时段 Period", $"{Local(caseFile.From, zone)} – {Local(caseFile.Until, zone)}"),
            ("发现 Sightings", sightings.Count == 0
                ? "none in the period"
                : FormattableString.Invariant($"{sightings.Count}{(caseFile.SightingsTruncated ? " (newest)" : string.Empty)}, first {Local(sightings[0].At, zone)}, last {Local(sightings[^1].At, zone)}")),
            ("轨迹 Trail", TrailSummary(caseFile.Trail)),
        };

        var label = _font.At(8.5, bold: true);
        var value = _font.At(8.5);
        var y = PageMargin + 38;
        foreach (var (name, text) in rows)
        {
            graphics.DrawString(name, label, new XSolidBrush(Muted), new XPoint(PageMargin, y));
            foreach (var line in TextWrap.Lines(graphics, text, value, width - 105).Take(2))
            {
                graphics.DrawString(line, value, new XSolidBrush(Ink), new XPoint(PageMargin + 105, y));
                y += LineHeight;
            }
        }

        return y + 2;
    }

    private static string TrailSummary(HistoryTrail trail)
    {
        if (trail.Points.Count == 0)
        {
            return "no positions in the period";
        }

        var archived = trail.Points.Count(p => p.Origin == TrailOrigin.InfluxDb);
        return FormattableString.Invariant(
            $"{trail.Points.Count} points{(trail.Truncated ? " (newest; older left out)" : string.Empty)}: {trail.Points.Count - archived} from the gateway's store, {archived} from InfluxDB");
    }

    private void DrawMap(XGraphics graphics, CaseFile caseFile, XRect area)
    {
        graphics.DrawRectangle(new XPen(Muted, 0.5), new XSolidBrush(MapPaper), area);
        var trail = caseFile.Trail.Points.Select(p => p.Location.Point).ToList();
        var sightings = caseFile.Sightings.Where(s => s.Location is not null).ToList();
        var receivers = caseFile.Receivers.Where(r => r.Position is not null).ToList();
        var shown = trail.Concat(sightings.Select(s => s.Location!.Value.Point)).Concat(receivers.Select(r => r.Position!.Value)).ToList();
        if (trail.Count == 0 && sightings.Count == 0)
        {
            graphics.DrawString("No position of the bike in the period.", _font.At(10), new XSolidBrush(Muted), area, XStringFormats.Center);
        }

        if (MapFrame.Around(shown, area) is not { } frame)
        {
            return;
        }

        var state = graphics.Save();
        graphics.IntersectClip(area);
        foreach (var fence in caseFile.Geofences)
        {
            DrawFence(graphics, frame, fence);
        }

        foreach (var receiver in receivers)
        {
            DrawReceiver(graphics, frame, receiver);
        }

        if (trail.Count > 1)
        {
            graphics.DrawLines(new XPen(TrailBlue, 1.4) { LineJoin = XLineJoin.Round }, trail.Select(frame.Place).ToArray());
        }

        foreach (var point in trail)
        {
            var at = frame.Place(point);
            graphics.DrawEllipse(new XSolidBrush(TrailBlue), at.X - 1.3, at.Y - 1.3, 2.6, 2.6);
        }

        if (trail.Count > 0)
        {
            Marker(graphics, frame.Place(trail[0]), XColor.FromArgb(25, 135, 84), "start");
            Marker(graphics, frame.Place(trail[^1]), Ink, "end");
        }

        var number = 0;
        foreach (var sighting in sightings)
        {
            number++;
            var at = frame.Place(sighting.Location!.Value.Point);
            graphics.DrawEllipse(new XPen(XColors.White, 0.8), new XSolidBrush(SightingRed), at.X - 3.2, at.Y - 3.2, 6.4, 6.4);
            if (number <= 30)
            {
                graphics.DrawString(number.ToString(CultureInfo.InvariantCulture), _font.At(6.5, bold: true), new XSolidBrush(SightingRed), new XPoint(at.X + 4, at.Y - 3));
            }
        }

        graphics.Restore(state);
        DrawScaleAndNorth(graphics, frame);
    }

    private void DrawFence(XGraphics graphics, MapFrame frame, Geofence fence)
    {
        var fill = new XSolidBrush(fence.Mode == GeofenceMode.KeepOut ? KeepOutRed : KeepInGreen);
        var outline = new XPen(fence.Mode == GeofenceMode.KeepOut ? SightingRed : XColor.FromArgb(25, 135, 84), 0.6) { DashStyle = XDashStyle.Dash };
        XPoint label;
        switch (fence.Shape)
        {
            case CircleShape circle:
                var centre = frame.Place(circle.Centre);
                var radius = circle.RadiusMetres * frame.PointsPerMetre;
                graphics.DrawEllipse(outline, fill, centre.X - radius, centre.Y - radius, 2 * radius, 2 * radius);
                label = new XPoint(centre.X - radius * 0.7, centre.Y - radius * 0.7);
                break;
            case PolygonShape polygon:
                var ring = polygon.Polygon.ExteriorRing.Coordinates.Select(c => frame.Place(new GeoPoint(c.Y, c.X))).ToArray();
                graphics.DrawPolygon(outline, fill, ring, XFillMode.Alternate);
                label = ring.MinBy(p => p.X + p.Y);
                break;
            default:
                return;
        }

        graphics.DrawString(fence.Name, _font.At(6.5), new XSolidBrush(Muted), new XPoint(label.X + 2, label.Y + 8));
    }

    private void DrawReceiver(XGraphics graphics, MapFrame frame, Receiver receiver)
    {
        var at = frame.Place(receiver.Position!.Value);
        var range = receiver.RangeMetres * frame.PointsPerMetre;
        graphics.DrawEllipse(new XPen(XColor.FromArgb(90, 73, 80, 87), 0.4) { DashStyle = XDashStyle.Dot }, at.X - range, at.Y - range, 2 * range, 2 * range);
        graphics.DrawPolygon(new XSolidBrush(ReceiverGrey), [new XPoint(at.X, at.Y - 4), new XPoint(at.X - 3.5, at.Y + 2.5), new XPoint(at.X + 3.5, at.Y + 2.5)], XFillMode.Winding);
        graphics.DrawString(receiver.Name ?? receiver.Id, _font.At(6), new XSolidBrush(ReceiverGrey), new XPoint(at.X + 5, at.Y + 7));
    }

    private void Marker(XGraphics graphics, XPoint at, XColor colour, string text)
    {
        graphics.DrawRectangle(new XPen(XColors.White, 0.8), new XSolidBrush(colour), at.X - 3, at.Y - 3, 6, 6);
        graphics.DrawString(text, _font.At(6.5, bold: true), new XSolidBrush(colour), new XPoint(at.X - 8, at.Y + 11));
    }

    private void DrawScaleAndNorth(XGraphics graphics, MapFrame frame)
    {
        var metres = frame.ScaleBarMetres();
        var length = metres * frame.PointsPerMetre;
        var left = frame.Area.X + 10;
        var bottom = frame.Area.Bottom - 10;
        var pen = new XPen(Ink, 1.2);
        graphics.DrawLine(pen, left, bottom, left + length, bottom);
        graphics.DrawLine(pen, left, bottom - 3, left, bottom + 1);
        graphics.DrawLine(pen, left + length, bottom - 3, left + length, bottom + 1);
        var text = metres >= 1000 ? FormattableString.Invariant($"{metres / 1000:0.#} km") : FormattableString.Invariant($"{metres:0} m");
        graphics.DrawString(text, _font.At(7), new XSolidBrush(Ink), new XPoint(left + length + 4, bottom + 2));

        var north = new XPoint(frame.Area.Right - 16, frame.Area.Y + 10);
        graphics.DrawPolygon(new XSolidBrush(Ink), [north, new XPoint(north.X - 4, north.Y + 12), new XPoint(north.X + 4, north.Y + 12)], XFillMode.Winding);
        graphics.DrawString("N 北", _font.At(7, bold: true), new XSolidBrush(Ink), new XPoint(north.X - 8, north.Y + 22));
    }

    private double DrawLegend(XGraphics graphics, double y)
    {
        var font = _font.At(7);
        var x = PageMargin;
        void Item(XColor colour, string text)
        {
            graphics.DrawRectangle(new XSolidBrush(colour), x, y + 2, 8, 5);
            graphics.DrawString(text, font, new XSolidBrush(Muted), new XPoint(x + 11, y + 8));
            x += 14 + graphics.MeasureString(text, font).Width + 10;
        }

        Item(TrailBlue, "轨迹 trail");
        Item(SightingRed, "发现 sighting (numbered as in the table)");
        Item(ReceiverGrey, "接收器 receiver (dotted: its range)");
        Item(XColor.FromArgb(120, 25, 135, 84), "电子围栏 fence (keep-in)");
        Item(XColor.FromArgb(120, 220, 53, 69), "keep-out");
        return y + 12;
    }

    private void DrawSightingsAndWarnings(XGraphics graphics, CaseFile caseFile, double y, double width)
    {
        var warningFont = _font.At(7.5);
        var warningLines = caseFile.Warnings.SelectMany(w => TextWrap.Lines(graphics, "! " + w, warningFont, width)).ToList();
        var warningsTop = TableBottom - (warningLines.Count * 10);

        var header = _font.At(7.5, bold: true);
        var cell = _font.At(7.5);
        double[] columns = [PageMargin, PageMargin + 16, PageMargin + 130, PageMargin + 300, PageMargin + 390];
        string[] titles = ["#", "时间 Time", "接收器 Receivers", "信号 Signal", "位置 Place (±m)"];
        for (var i = 0; i < titles.Length; i++)
        {
            graphics.DrawString(titles[i], header, new XSolidBrush(Muted), new XPoint(columns[i], y));
        }

        graphics.DrawLine(new XPen(Muted, 0.4), PageMargin, y + 3, PageMargin + width, y + 3);
        y += LineHeight + 1;
        var zone = caseFile.TimeZone;
        var shown = 0;
        foreach (var sighting in caseFile.Sightings)
        {
            if (y > warningsTop - LineHeight)
            {
                break;
            }

            shown++;
            var signal = sighting.Signal is { } s
                ? FormattableString.Invariant($"{Value(s.RssiDbm, "dBm")} / {Value(s.SnrDb, "dB")}")
                : "—";
            var place = sighting.Location is { } location
                ? FormattableString.Invariant($"{location.Point.Latitude:0.00000}, {location.Point.Longitude:0.00000} ±{location.AccuracyMetres:0}")
                : "—";
            string[] cells = [shown.ToString(CultureInfo.InvariantCulture), Local(sighting.At, zone, seconds: true), string.Join(", ", sighting.ReceiverIds), signal, place];
            for (var i = 0; i < cells.Length; i++)
            {
                graphics.DrawString(cells[i], cell, new XSolidBrush(Ink), new XPoint(columns[i], y));
            }

            y += LineHeight;
        }

        if (caseFile.Sightings.Count == 0)
        {
            graphics.DrawString("No sighting in the period.", cell, new XSolidBrush(Muted), new XPoint(PageMargin, y));
            y += LineHeight;
        }
        else if (shown < caseFile.Sightings.Count)
        {
            graphics.DrawString(
                FormattableString.Invariant($"… {caseFile.Sightings.Count - shown} more sightings: every one is in the GeoJSON and GPX files of this case file."),
                cell, new XSolidBrush(Muted), new XPoint(PageMargin, y));
        }

        var warningY = Math.Max(y + LineHeight, warningsTop + 4);
        foreach (var line in warningLines)
        {
            graphics.DrawString(line, warningFont, new XSolidBrush(SightingRed), new XPoint(PageMargin, warningY));
            warningY += 10;
        }
    }

    private void DrawFooter(XGraphics graphics, CaseFile caseFile, double y, double width)
    {
        var text = FormattableString.Invariant(
            $"Drawn from the gateway's own data (trail, sightings, receivers, fences; no map tiles). Generated {Local(caseFile.GeneratedAt, caseFile.TimeZone)} for {caseFile.GeneratedBy}; this read is in the gateway's audit log.");
        var font = _font.At(6.5);
        foreach (var line in TextWrap.Lines(graphics, text, font, width).Take(2))
        {
            graphics.DrawString(line, font, new XSolidBrush(Muted), new XPoint(PageMargin, y));
            y += 8;
        }
    }

    private static string Value(double? value, string unit) =>
        value is { } v ? string.Create(CultureInfo.InvariantCulture, $"{v:0.#} {unit}") : "?";

    private static string Local(DateTimeOffset at, TimeZoneInfo zone, bool seconds = false)
    {
        var local = TimeZoneInfo.ConvertTime(at, zone);
        var offset = local.Offset;
        var sign = offset < TimeSpan.Zero ? "-" : "+";
        return local.ToString(seconds ? "yyyy-MM-dd HH:mm:ss" : "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) +
               string.Create(CultureInfo.InvariantCulture, $" {sign}{offset.Duration():hh\\:mm}");
    }
}
