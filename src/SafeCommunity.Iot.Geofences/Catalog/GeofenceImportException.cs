namespace SafeCommunity.Iot.Geofences.Catalog;

/// <summary>A geofence import file was rejected (or could not be read); its message lists every error.</summary>
public sealed class GeofenceImportException : Exception
{
    /// <summary>Creates the exception with no errors listed.</summary>
    public GeofenceImportException()
        : this("The geofence import file was rejected.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public GeofenceImportException(string message)
        : base(message)
    {
        Errors = [];
    }

    /// <summary>Creates the exception with a message and its cause (a file that cannot be read).</summary>
    public GeofenceImportException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [];
    }

    /// <summary>Creates the exception for the file at <paramref name="path"/> and its errors.</summary>
    public GeofenceImportException(string path, IReadOnlyList<GeofenceError> errors)
        : base(FormatMessage(path, errors))
    {
        Errors = errors;
    }

    /// <summary>The errors found, as <see cref="GeofenceImportResult.Errors"/> lists them.</summary>
    public IReadOnlyList<GeofenceError> Errors { get; }

    private static string FormatMessage(string path, IReadOnlyList<GeofenceError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return $"The geofence import file '{path}' was rejected and nothing of it was imported:{Environment.NewLine}" +
               GeofenceImportResult.Format(errors, "  ");
    }
}
