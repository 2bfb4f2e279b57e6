namespace SafeCommunity.Iot.Receivers.Serial.Ports;

/// <summary>One opening of a port, handed to an <see cref="ISerialConnectionHandler"/>.</summary>
internal sealed class SerialConnection
{
    private readonly TimeProvider _clock;
    private readonly Action<string?> _reportConnected;
    private long _lastActivityTicks;
    private int _receivedAny;
    private int _connected;

    /// <summary>Creates a connection over <paramref name="stream"/>.</summary>
    public SerialConnection(string receiverId, Stream stream, TimeProvider clock, Action<string?> reportConnected)
    {
        ReceiverId = receiverId;
        Stream = stream;
        _clock = clock;
        _reportConnected = reportConnected;
        OpenedAt = clock.GetUtcNow();
        _lastActivityTicks = OpenedAt.UtcTicks;
    }

    /// <summary>The receiver on the port.</summary>
    public string ReceiverId { get; }

    /// <summary>The open port.</summary>
    public Stream Stream { get; }

    /// <summary>When the port was opened.</summary>
    public DateTimeOffset OpenedAt { get; }

    /// <summary>When bytes last arrived (or the port was opened).</summary>
    public DateTimeOffset LastActivityAt => new(Volatile.Read(ref _lastActivityTicks), TimeSpan.Zero);

    /// <summary>Whether any bytes arrived on this connection.</summary>
    public bool ReceivedAny => Volatile.Read(ref _receivedAny) != 0;

    /// <summary>Whether the link came up: the handler reported it connected and bytes arrived.</summary>
    public bool WasHealthy => Volatile.Read(ref _connected) != 0 && ReceivedAny;

    /// <summary>Bytes arrived: feeds the no-data watchdog.</summary>
    public void MarkActivity()
    {
        Volatile.Write(ref _lastActivityTicks, _clock.GetUtcNow().UtcTicks);
        Volatile.Write(ref _receivedAny, 1);
    }

    /// <summary>The link is up (for a module: configured); <paramref name="detail"/> is shown to operators.</summary>
    public void ReportConnected(string? detail = null)
    {
        Volatile.Write(ref _connected, 1);
        _reportConnected(detail);
    }
}
