namespace SafeCommunity.Iot.Storage.Registry;

/// <summary>A registry import file was rejected; its message lists every error (never a key).</summary>
public sealed class RegistryImportException : Exception
{
    /// <summary>Creates the exception with no errors listed.</summary>
    public RegistryImportException()
        : this("The registry import file was rejected.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public RegistryImportException(string message)
        : base(message)
    {
        Errors = [];
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public RegistryImportException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [];
    }

    /// <summary>Creates the exception for the file at <paramref name="path"/> and its errors.</summary>
    public RegistryImportException(string path, IReadOnlyList<RegistryImportError> errors)
        : base(FormatMessage(path, errors))
    {
        Errors = errors;
    }

    /// <summary>The errors found, as <see cref="RegistryImportResult.Errors"/> lists them.</summary>
    public IReadOnlyList<RegistryImportError> Errors { get; }

    private static string FormatMessage(string path, IReadOnlyList<RegistryImportError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var lines = errors.Select(e => "  " + e);
        return $"The registry import file '{path}' was rejected and nothing of it was imported:{Environment.NewLine}" +
               string.Join(Environment.NewLine, lines);
    }
}
