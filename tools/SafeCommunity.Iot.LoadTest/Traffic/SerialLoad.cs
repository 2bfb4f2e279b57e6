using SafeCommunity.Iot.LoadTest.Fleet;
using SafeCommunity.Iot.Simulator.Running;
using SafeCommunity.Iot.Simulator.Transports;

namespace SafeCommunity.Iot.LoadTest.Traffic;

/// <summary>
/// Link records on the serial ports: one base station per port (the simulator's <see cref="SerialLinkTransport"/>,
/// COBS-framed records on the tool's end of a pseudo-terminal pair), each sending the beacons of its own devices at
/// a steady rate.
/// </summary>
internal sealed class SerialLoad : IAsyncDisposable
{
    private readonly SerialLinkTransport[] _transports;
    private readonly FrameSource[] _frames;

    /// <summary>Opens the tool's end <paramref name="paths"/> of each port of <paramref name="fleet"/>.</summary>
    /// <exception cref="SerialOpenException">A port cannot be opened.</exception>
    public SerialLoad(LoadFleet fleet, IReadOnlyList<string> paths, uint firstCounter)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        ArgumentNullException.ThrowIfNull(paths);
        var transports = new List<SerialLinkTransport>();
        try
        {
            for (var port = 0; port < paths.Count; port++)
            {
                var receiver = fleet.SerialReceivers[port];
                transports.Add(new SerialLinkTransport(SerialPorts.Open(paths[port]), receiver.Id, receiver.HardwareId ?? 0, gnssPresent: false, queueCapacity: 4096));
            }
        }
        catch (SerialOpenException)
        {
            Publishers.DisposeAllAsync(transports).AsTask().GetAwaiter().GetResult();

            throw;
        }

        _transports = [.. transports];
        _frames = [.. fleet.SerialDevices.Take(paths.Count).Select(devices => new FrameSource(devices, firstCounter))];
    }

    /// <summary>Records written to the ports.</summary>
    public long Written => _transports.Sum(t => t.RecordsWritten);

    /// <summary>Reception records handed to the ports.</summary>
    public long Handed => _transports.Sum(t => t.Receptions);

    /// <summary>Records dropped (a port's queue was full or a write failed).</summary>
    public long Dropped => _transports.Sum(t => t.RecordsDropped);

    /// <summary>Sends each port's hello status.</summary>
    public void Start()
    {
        foreach (var transport in _transports)
        {
            transport.Start();
        }
    }

    /// <summary>Writes <paramref name="perPort"/> reception records a second to each port for <paramref name="duration"/>.</summary>
    public Task<long> RunAsync(double perPort, TimeSpan duration, CancellationToken cancellationToken)
    {
        var port = 0;
        return Pacer.RunAsync(perPort * _transports.Length, duration, () =>
        {
            var index = port++ % _transports.Length;
            var (device, _, bytes) = _frames[index].Next(sos: false);
            _transports[index].SendReception(bytes, device.Heard.RssiDbm, device.Heard.SnrDb);
            return true;
        }, cancellationToken);
    }

    /// <summary>Waits until every port has written what it was handed.</summary>
    public Task<bool> DrainAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        Publishers.AllDrainedAsync(_transports.Select(t => t.DrainAsync(timeout, cancellationToken)));

    /// <inheritdoc />
    public ValueTask DisposeAsync() => Publishers.DisposeAllAsync(_transports);
}
