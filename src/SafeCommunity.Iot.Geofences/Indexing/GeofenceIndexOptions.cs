namespace SafeCommunity.Iot.Geofences.Indexing;

/// <summary>Settings of a <see cref="GeofenceIndex"/>.</summary>
public sealed record GeofenceIndexOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Geofences";

    /// <summary>
    /// The largest accuracy radius (metres) the index expands fence envelopes by. It only tunes speed, never the
    /// result: a fix whose accuracy + margin fits in the expansion is decided as outside every fence whose
    /// expanded envelope misses it without further geometry; a less accurate fix has those fences computed in
    /// full. GNSS fixes are 5-50 m, receiver-located ones about 100-150 m. Default 250 m.
    /// </summary>
    public double MaxAccuracyMetres { get; init; } = 250;

    /// <summary>The debounce settings of fences that do not override them. Default 2 fixes / 60 s / 10 m.</summary>
    public DebounceSettings Debounce { get; init; } = DebounceSettings.Default;
}
