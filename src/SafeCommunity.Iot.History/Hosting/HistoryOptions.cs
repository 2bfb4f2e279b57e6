namespace SafeCommunity.Iot.History.Hosting;

/// <summary>
/// Case files (configuration section <c>History</c>). Where the long history is read from is not set here: it is the
/// InfluxDB server telemetry writes to (section <c>Telemetry</c>: <c>Url</c>, <c>Api</c>, <c>ReadHistory</c>,
/// <c>HistoryReadTimeout</c>).
/// </summary>
public sealed class HistoryOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "History";

    /// <summary>
    /// The font of the case-file PDF: a TrueType font (<c>.ttf</c>, or the first face of a <c>.ttc</c>) with Chinese
    /// and Latin glyphs. Left out: the first of Debian's CJK fonts that is installed (fonts-wqy-zenhei, ...).
    /// </summary>
    public string? FontFile { get; set; }
}
