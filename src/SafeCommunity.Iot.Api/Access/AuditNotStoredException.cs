namespace SafeCommunity.Iot.Api.Access;

/// <summary>A read's audit line could not be stored, so the read is not answered.</summary>
public sealed class AuditNotStoredException : Exception
{
    /// <summary>Creates the exception for the store's <paramref name="innerException"/>.</summary>
    public AuditNotStoredException(Exception innerException)
        : base("The audit log could not be written; the read was not answered.", innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    public AuditNotStoredException()
        : base("The audit log could not be written; the read was not answered.")
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public AuditNotStoredException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and <paramref name="innerException"/>.</summary>
    public AuditNotStoredException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
