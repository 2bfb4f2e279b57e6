using System.Globalization;

namespace SafeCommunity.Iot.Geofences.Catalog;

/// <summary>
/// What an import did: every fence of the text was stored and put in force, or (when any feature was invalid)
/// nothing was, and <see cref="Errors"/> says why.
/// </summary>
public sealed class GeofenceImportResult
{
    /// <summary>How many errors <see cref="FormatErrors"/> lists before it summarises the rest.</summary>
    public const int MaxFormattedErrors = 100;

    private GeofenceImportResult(IReadOnlyList<Geofence> imported, IReadOnlyList<GeofenceError> errors)
    {
        Imported = imported;
        Errors = errors;
    }

    /// <summary>The fences stored and put in force, in document order; empty when the import was rejected.</summary>
    public IReadOnlyList<Geofence> Imported { get; }

    /// <summary>
    /// Every problem found, each naming the feature (its id, or its position <c>features[3]</c> when the id could
    /// not be read) and the field (<c>properties.schedule[0].start</c>); empty when the import was applied.
    /// </summary>
    public IReadOnlyList<GeofenceError> Errors { get; }

    /// <summary>Whether the import was applied.</summary>
    public bool IsValid => Errors.Count == 0;

    /// <summary>An applied import.</summary>
    public static GeofenceImportResult Success(IReadOnlyList<Geofence> imported)
    {
        ArgumentNullException.ThrowIfNull(imported);
        return new GeofenceImportResult(imported, []);
    }

    /// <summary>A rejected import (at least one error).</summary>
    public static GeofenceImportResult Failure(IReadOnlyList<GeofenceError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        ArgumentOutOfRangeException.ThrowIfZero(errors.Count, nameof(errors));
        return new GeofenceImportResult([], errors);
    }

    /// <summary>
    /// The errors one per line (<c>feature: field: message (code)</c>), at most <see cref="MaxFormattedErrors"/> of
    /// them and then an "... and N more errors" line.
    /// </summary>
    public string FormatErrors() => Format(Errors);

    internal static string Format(IReadOnlyList<GeofenceError> errors, string indent = "")
    {
        var lines = errors.Take(MaxFormattedErrors).Select(e => indent + e).ToList();
        if (errors.Count > MaxFormattedErrors)
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{indent}... and {errors.Count - MaxFormattedErrors} more errors"));
        }

        return string.Join(Environment.NewLine, lines);
    }
}
