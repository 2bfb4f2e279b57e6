using System.Diagnostics;

namespace SafeCommunity.Iot.Simulator.Tests.Support;

/// <summary>Two connected pseudo-terminals made by socat in a temporary directory; killed and removed on dispose.</summary>
internal sealed class SocatPair : IAsyncDisposable
{
    private readonly DirectoryInfo _directory;
    private readonly Process _socat;

    private SocatPair(DirectoryInfo directory, Process socat)
    {
        _directory = directory;
        _socat = socat;
    }

    /// <summary>The end the gateway reads.</summary>
    public string GatewayPath => Path.Combine(_directory.FullName, "gw");

    /// <summary>The end the simulator writes.</summary>
    public string SimulatorPath => Path.Combine(_directory.FullName, "sim");

    public static async Task<SocatPair> StartAsync()
    {
        var directory = Directory.CreateTempSubdirectory("sc-sim-pty-");
        var start = new ProcessStartInfo("socat") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add($"pty,raw,echo=0,link={Path.Combine(directory.FullName, "gw")}");
        start.ArgumentList.Add($"pty,raw,echo=0,link={Path.Combine(directory.FullName, "sim")}");
        Process socat;
        try
        {
            socat = Process.Start(start) ?? throw new InvalidOperationException("socat did not start");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            directory.Delete(recursive: true);
            throw new InvalidOperationException("socat is not installed (apt-get install socat; bash .ci/test installs it)", ex);
        }

        var pair = new SocatPair(directory, socat);
        var stopwatch = Stopwatch.StartNew();
        while (!File.Exists(pair.GatewayPath) || !File.Exists(pair.SimulatorPath))
        {
            if (socat.HasExited || stopwatch.Elapsed > TimeSpan.FromSeconds(30))
            {
                await pair.DisposeAsync();
                throw new InvalidOperationException("socat did not make its pseudo-terminals");
            }

            await Task.Delay(10);
        }

        return pair;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_socat.HasExited)
            {
                _socat.Kill();
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _socat.WaitForExitAsync(timeout.Token);
        }
        catch (InvalidOperationException)
        {
        }
        finally
        {
            _socat.Dispose();
        }

        try
        {
            _directory.Delete(recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
