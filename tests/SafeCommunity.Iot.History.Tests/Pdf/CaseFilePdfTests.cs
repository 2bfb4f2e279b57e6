using SafeCommunity.Iot.History.Pdf;
using SafeCommunity.Iot.History.Tests.Support;
using SafeCommunity.Iot.TestSupport;

namespace SafeCommunity.Iot.History.Tests.Pdf;

/// <summary>The case file's page as poppler renders it (pdftoppm, pdftotext), with Debian's CJK font (fonts-wqy-zenhei).</summary>
public sealed class CaseFilePdfTests
{
    // Set to a path to keep the rendered page (docs/images/case-file.png is made this way, docs/history.md).
    private const string KeepPngVariable = "SAFECOMM_CASE_FILE_PNG";

    [Fact]
    public async Task Render_CaseFile_IsOnePageWhosePictureShowsTheTrailSightingsAndText()
    {
        var pdf = new CaseFilePdf(CaseFileFont.Find(null)).Render(SampleCaseFile.Create(warnings: ["The trail before 2026-04-08 is missing: InfluxDB at http://influxdb:8086 is unreachable."]));

        var png = await PdfRendering.FirstPageAsPngAsync(pdf, dpi: 72);
        if (Environment.GetEnvironmentVariable(KeepPngVariable) is { Length: > 0 } keep)
        {
            await File.WriteAllBytesAsync(keep, await PdfRendering.FirstPageAsPngAsync(pdf, dpi: 110));
        }

        var image = PngImage.Decode(png);
        Assert.Equal((595, 842), (image.Width, image.Height));
        var inked = image.Count((r, g, b) => r < 200 || g < 200 || b < 200);
        Assert.True(inked > image.Width * image.Height / 50, $"only {inked} of {image.Width * image.Height} pixels are drawn on");
        // The trail's blue and the sightings' red (CaseFilePdf's colours), inside the map's rectangle.
        var trail = image.Count((r, g, b) => r < 60 && g is > 80 and < 140 && b > 220);
        var sightings = image.Count((r, g, b) => r > 200 && g < 90 && b < 100);
        Assert.True(trail > 100, $"{trail} trail-blue pixels");
        Assert.True(sightings > 40, $"{sightings} sighting-red pixels");

        var text = await PdfRendering.TextAsync(pdf);
        Assert.Contains("ALPS-2026-0415", text, StringComparison.Ordinal);
        Assert.Contains("雅迪电动车", text, StringComparison.Ordinal);
        Assert.Contains("五福社区", text, StringComparison.Ordinal);
        Assert.Contains("wufu-gate-north", text, StringComparison.Ordinal);
        Assert.Contains("unreachable", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_NoPositionInThePeriod_SaysSoOnTheMap()
    {
        var pdf = new CaseFilePdf(CaseFileFont.Find(null)).Render(SampleCaseFile.Create(trailPoints: 0, sightings: 0));

        var text = await PdfRendering.TextAsync(pdf);

        Assert.Contains("No position of the bike in the period", text, StringComparison.Ordinal);
        Assert.Contains("No sighting in the period", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Find_ConfiguredFontMissing_NamesTheSetting()
    {
        var error = Assert.Throws<FontUnavailableException>(() => CaseFileFont.Find("/nonexistent/fonts/cjk.ttf"));

        Assert.Contains("History:FontFile (/nonexistent/fonts/cjk.ttf) does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Find_FileThatIsNoFont_SaysItCannotBeUsed()
    {
        using var folder = new TempDirectory();
        var notAFont = Path.Combine(folder.Path, "notes.ttf");
        File.WriteAllText(notAFont, "this is not a font");

        var error = Assert.Throws<FontUnavailableException>(() => CaseFileFont.Find(notAFont));

        Assert.Contains("cannot be used", error.Message, StringComparison.Ordinal);
    }
}
