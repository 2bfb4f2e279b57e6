namespace SafeCommunity.Iot.Receivers.Serial.Ports;

/// <summary>A receiver's link cannot be used as it is (a module refused its configuration); the port is reopened.</summary>
public sealed class ReceiverLinkException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ReceiverLinkException()
    {
    }

    /// <summary>Creates the exception with a message for operators.</summary>
    public ReceiverLinkException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public ReceiverLinkException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
