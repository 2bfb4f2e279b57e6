using System.Diagnostics;
using SafeCommunity.Iot.Protocol.Link;

namespace SafeCommunity.Iot.TestSupport;

/// <summary>
/// A base station on a socat pseudo-terminal pair: the gateway reads one end as its serial port, the test writes link
/// records (COBS-framed receptions) to the other, as the receiver's firmware does.
/// </summary>
public sealed class SerialBaseStation : IAsyncDisposable
{
    private readonly DirectoryInfo _directory;
    private readonly Process _socat;
    private FileStream? _line;

    private SerialBaseStation(DirectoryInfo directory, Process socat)
    {
        _directory = directory;
        _socat = socat;
    }

    /// <summary>The end the gateway opens.</summary>
    public string GatewayPath => Path.Combine(_directory.FullName, "gw");

    private string StationPath => Path.Combine(_directory.FullName, "station");

    /// <summary>Makes the pair of pseudo-terminals; returns once both ends exist.</summary>
    public static async Task<SerialBaseStation> StartAsync()
    {
        var directory = Directory.CreateTempSubdirectory("sc-pty-");
        var start = new ProcessStartInfo("socat") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add($"pty,raw,echo=0,link={Path.Combine(directory.FullName, "gw")}");
        start.ArgumentList.Add($"pty,raw,echo=0,link={Path.Combine(directory.FullName, "station")}");
        var station = new SerialBaseStation(directory, Process.Start(start) ?? throw new InvalidOperationException("socat did not start"));
        var stopwatch = Stopwatch.StartNew();
        while (!File.Exists(station.GatewayPath) || !File.Exists(station.StationPath))
        {
            if (station._socat.HasExited || stopwatch.Elapsed > TimeSpan.FromSeconds(30))
            {
                await station.DisposeAsync();
                throw new InvalidOperationException("socat did not make its pseudo-terminals (apt-get install socat; bash .ci/test installs it)");
            }

            await Task.Delay(10);
        }

        return station;
    }

    /// <summary>Writes the record of a radio reception of <paramref name="frame"/> to the line.</summary>
    public async Task SendReceptionAsync(byte[] frame)
    {
        _line ??= new FileStream(StationPath, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0);
        var record = new byte[2 * LinkLayout.MaxEncodedLength];
        var length = LinkRecordWriter.WriteReception(record, rxTimeMs: 1000, rssiDbm: -71, snrQuarterDb: 28, frame);

        // A leading delimiter ends any half record the gateway holds, as a receiver does after its reset.
        await _line.WriteAsync(new byte[] { LinkLayout.Delimiter });
        await _line.WriteAsync(record.AsMemory(0, length));
        await _line.FlushAsync();
    }

    /// <summary>Stops socat and deletes the links.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_line is not null)
        {
            await _line.DisposeAsync();
        }

        if (!_socat.HasExited)
        {
            _socat.Kill();
        }

        await _socat.WaitForExitAsync();
        _socat.Dispose();
        _directory.Delete(recursive: true);
    }
}
