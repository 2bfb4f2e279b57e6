using System.Collections.Concurrent;
using SafeCommunity.Iot.Receivers.Serial.Ports;

namespace SafeCommunity.Iot.Receivers.Serial.Tests.Support;

/// <summary>Hands the session <see cref="FakeSerialStream"/>s; the test decides whether the device is plugged in.</summary>
internal sealed class FakeStreamFactory : ISerialStreamFactory
{
    private readonly Func<int, FakeSerialStream> _create;
    private volatile bool _present = true;

    public FakeStreamFactory(Func<int, FakeSerialStream>? create = null)
    {
        _create = create ?? (_ => new FakeSerialStream());
    }

    public ConcurrentQueue<FakeSerialStream> Opened { get; } = new();

    public bool DevicePresent
    {
        get => _present;
        set => _present = value;
    }

    public string? DeviceName { get; set; } = "/dev/fake0";

    public string? ResolveDevice(string path) => _present ? DeviceName : null;

    public Stream Open(string path, int baudRate)
    {
        if (!_present)
        {
            throw new IOException("No such device.");
        }

        var stream = _create(Opened.Count);
        Opened.Enqueue(stream);
        return stream;
    }

    public FakeSerialStream Last => Opened.Last();
}
