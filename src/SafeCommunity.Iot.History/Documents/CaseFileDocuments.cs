using Microsoft.Extensions.Options;
using SafeCommunity.Iot.History.CaseFiles;
using SafeCommunity.Iot.History.Hosting;
using SafeCommunity.Iot.History.Pdf;

namespace SafeCommunity.Iot.History.Documents;

/// <summary>A case file's three attachments: GeoJSON, GPX and the one-page PDF.</summary>
/// <param name="GeoJson">RFC 7946 GeoJSON, UTF-8.</param>
/// <param name="Gpx">GPX 1.1, UTF-8.</param>
/// <param name="Pdf">The PDF page.</param>
public sealed record CaseFileAttachments(byte[] GeoJson, byte[] Gpx, byte[] Pdf);

/// <summary>Writes a case file's attachments with the configured font.</summary>
public sealed class CaseFileDocuments
{
    private readonly string? _fontFile;

    /// <summary>Creates the writer; the font is looked for at each call, so one installed later is found.</summary>
    public CaseFileDocuments(IOptions<HistoryOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _fontFile = options.Value.FontFile;
    }

    /// <summary>The attachments of <paramref name="caseFile"/>.</summary>
    /// <exception cref="FontUnavailableException">No usable font for the PDF; the message says what to install or set.</exception>
    public CaseFileAttachments Write(CaseFile caseFile)
    {
        var pdf = new CaseFilePdf(CaseFileFont.Find(_fontFile)).Render(caseFile);
        return new CaseFileAttachments(CaseFileGeoJson.Write(caseFile), CaseFileGpx.Write(caseFile), pdf);
    }
}
