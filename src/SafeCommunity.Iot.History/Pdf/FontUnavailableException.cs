namespace SafeCommunity.Iot.History.Pdf;

/// <summary>No font that can draw the case file's Chinese and Latin text could be loaded; the message says what to install or set.</summary>
public sealed class FontUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public FontUnavailableException()
    {
    }

    /// <summary>Creates the exception with its message.</summary>
    public FontUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its message and cause.</summary>
    public FontUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
