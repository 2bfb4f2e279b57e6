using PdfSharp.Drawing;
using PdfSharp.Fonts;

namespace SafeCommunity.Iot.History.Pdf;

/// <summary>
/// The font of the case-file PDF: one TrueType font with Chinese and Latin glyphs (names of bikes, communities and
/// receivers are Chinese). <c>History:FontFile</c>, or the first of Debian's CJK fonts that is installed. PDFsharp has
/// one process-wide font resolver: it is installed once and serves each font file by its path.
/// </summary>
public sealed class CaseFileFont
{
    /// <summary>Where Debian's packages put TrueType CJK fonts with Latin glyphs, in the order they are tried.</summary>
    public static readonly IReadOnlyList<string> DebianFonts =
    [
        "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",     // fonts-wqy-zenhei
        "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",   // fonts-wqy-microhei
        "/usr/share/fonts/truetype/arphic/uming.ttc",       // fonts-arphic-uming
    ];

    private static readonly object Install = new();
    private static FileFontResolver? _resolver;

    private CaseFileFont(string path) => Path = path;

    /// <summary>The font file in use.</summary>
    public string Path { get; }

    /// <summary>The font in <paramref name="configured"/>, or the first Debian CJK font installed.</summary>
    /// <exception cref="FontUnavailableException">No such file, or it is not a font PDFsharp can embed.</exception>
    public static CaseFileFont Find(string? configured)
    {
        var candidates = string.IsNullOrWhiteSpace(configured) ? DebianFonts : [configured];
        var path = candidates.FirstOrDefault(File.Exists) ?? throw new FontUnavailableException(string.IsNullOrWhiteSpace(configured)
            ? $"The case file's PDF needs a font with Chinese glyphs and none is installed (looked for {string.Join(", ", DebianFonts)}): install Debian's fonts-wqy-zenhei, or set History:FontFile to a TrueType font (.ttf or .ttc) with Chinese glyphs."
            : $"The case file's PDF font History:FontFile ({configured}) does not exist.");
        var font = new CaseFileFont(path);
        try
        {
            Resolver().Add(path);
            // Resolving the face now turns a file PDFsharp cannot read into this clear error, not a failure mid-page.
            _ = new XFont(path, 10);
        }
        catch (Exception exception) when (exception is not FontUnavailableException and not OutOfMemoryException)
        {
            throw new FontUnavailableException(
                $"The case file's PDF font {path} cannot be used ({exception.Message}): give History:FontFile a TrueType font (.ttf or .ttc with TrueType outlines) with Chinese glyphs.",
                exception);
        }

        return font;
    }

    /// <summary>The font at <paramref name="size"/> points; bold is simulated (one face serves every style).</summary>
    public XFont At(double size, bool bold = false) => new(Path, size, bold ? XFontStyleEx.Bold : XFontStyleEx.Regular);

    private static FileFontResolver Resolver()
    {
        lock (Install)
        {
            if (_resolver is null)
            {
                _resolver = new FileFontResolver();
                GlobalFontSettings.FontResolver = _resolver;
            }

            return _resolver;
        }
    }

    /// <summary>Serves font files by path: the family name is the path.</summary>
    private sealed class FileFontResolver : IFontResolver
    {
        private readonly Dictionary<string, Lazy<byte[]>> _faces = new(StringComparer.Ordinal);

        public void Add(string path)
        {
            lock (_faces)
            {
                _faces.TryAdd(path, new Lazy<byte[]>(() => TrueTypeCollection.FirstFace(File.ReadAllBytes(path))));
            }
        }

        public FontResolverInfo? ResolveTypeface(string familyName, bool isBold, bool isItalic)
        {
            lock (_faces)
            {
                return _faces.ContainsKey(familyName) ? new FontResolverInfo(familyName, isBold, isItalic) : null;
            }
        }

        public byte[]? GetFont(string faceName)
        {
            Lazy<byte[]>? face;
            lock (_faces)
            {
                _faces.TryGetValue(faceName, out face);
            }

            return face?.Value;
        }
    }
}
