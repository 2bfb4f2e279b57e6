using SafeCommunity.Iot.Geofences.Indexing;

namespace SafeCommunity.Iot.Geofences.Catalog;

/// <summary>
/// The gateway's geofence settings (configuration section <c>Geofences</c>): a file to import at start, and the
/// index's defaults for fences that do not set their own debounce.
/// </summary>
public sealed class GeofenceOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = GeofenceIndexOptions.SectionName;

    /// <summary>
    /// A GeoJSON file (a Feature or a FeatureCollection of fences, see docs/geofences.md) to validate, store and put
    /// in force at every start; optional. Fences are upserted by id; stored fences the file does not name stay. A
    /// file with any invalid feature stops the start with the errors listed, and nothing of it is written. A
    /// relative path is resolved against the content root.
    /// </summary>
    public string? ImportOnStart { get; set; }

    /// <summary>
    /// The largest accuracy radius, in metres, the index expands fence envelopes by (speed only, never the result).
    /// Default 250 m; 0..50,000.
    /// </summary>
    public double MaxAccuracyMetres { get; set; } = new GeofenceIndexOptions().MaxAccuracyMetres;

    /// <summary>Consecutive wrong-side fixes that confirm a crossing. Default 2; 1..100.</summary>
    public int ConfirmFixes { get; set; } = DebounceSettings.Default.ConfirmFixes;

    /// <summary>Time continuously on the wrong side that confirms a crossing. Default 60 s; 1 s..1 day.</summary>
    public TimeSpan ConfirmAfter { get; set; } = DebounceSettings.Default.ConfirmAfter;

    /// <summary>Margin beyond a fix's accuracy radius before it counts as on one side, in metres. Default 10; 0..1,000.</summary>
    public double HysteresisMetres { get; set; } = DebounceSettings.Default.HysteresisMetres;

    /// <summary>The index settings these options describe.</summary>
    public GeofenceIndexOptions ToIndexOptions() => new()
    {
        MaxAccuracyMetres = MaxAccuracyMetres,
        Debounce = new DebounceSettings(ConfirmFixes, ConfirmAfter, HysteresisMetres),
    };

    /// <summary>
    /// <paramref name="path"/> as a full path: unchanged when absolute, resolved against
    /// <paramref name="contentRootPath"/> when relative.
    /// </summary>
    public static string ResolvePath(string path, string contentRootPath) => Path.GetFullPath(path, contentRootPath);
}
