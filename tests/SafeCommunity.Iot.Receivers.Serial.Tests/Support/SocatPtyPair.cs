using System.Diagnostics;

namespace SafeCommunity.Iot.Receivers.Serial.Tests.Support;

/// <summary>
/// A pair of connected pseudo-terminals made by socat: the gateway opens <see cref="GatewayPath"/>, the test plays the
/// device on <see cref="DevicePath"/>. <see cref="UnplugAsync"/> kills socat and removes the links (as udev removes
/// /dev/serial/by-id links on unplug); <see cref="PlugAsync"/> makes a new pair under the same paths.
/// </summary>
internal sealed class SocatPtyPair : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private readonly DirectoryInfo _directory;
    private Process? _socat;

    private SocatPtyPair(DirectoryInfo directory)
    {
        _directory = directory;
        GatewayPath = Path.Combine(directory.FullName, "ttyA");
        DevicePath = Path.Combine(directory.FullName, "ttyB");
    }

    /// <summary>The end the gateway opens.</summary>
    public string GatewayPath { get; }

    /// <summary>The end the test writes (and reads) as the device.</summary>
    public string DevicePath { get; }

    /// <summary>Makes a pair in a new temporary directory.</summary>
    public static async Task<SocatPtyPair> StartAsync()
    {
        var pair = new SocatPtyPair(Directory.CreateTempSubdirectory("sc-pty-"));
        try
        {
            await pair.PlugAsync();
            return pair;
        }
        catch
        {
            await pair.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts socat and waits until both links lead to their pseudo-terminals.</summary>
    public async Task PlugAsync()
    {
        if (_socat is not null)
        {
            throw new InvalidOperationException("The pair is plugged in already.");
        }

        var start = new ProcessStartInfo("socat")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-d");
        start.ArgumentList.Add("-d");
        start.ArgumentList.Add($"pty,raw,echo=0,link={GatewayPath}");
        start.ArgumentList.Add($"pty,raw,echo=0,link={DevicePath}");
        var socat = Process.Start(start) ?? throw new InvalidOperationException("socat did not start.");
        socat.ErrorDataReceived += static (_, _) => { };
        socat.OutputDataReceived += static (_, _) => { };
        socat.BeginErrorReadLine();
        socat.BeginOutputReadLine();
        _socat = socat;

        var stopwatch = Stopwatch.StartNew();
        while (!(File.Exists(GatewayPath) && File.Exists(DevicePath)))
        {
            if (socat.HasExited)
            {
                throw new InvalidOperationException($"socat exited with {socat.ExitCode}.");
            }

            if (stopwatch.Elapsed > StartTimeout)
            {
                throw new TimeoutException("socat did not create its pseudo-terminals.");
            }

            await Task.Delay(10);
        }
    }

    /// <summary>Kills socat (both pseudo-terminals go away) and removes the links.</summary>
    public async Task UnplugAsync()
    {
        if (_socat is { } socat)
        {
            _socat = null;
            await KillAsync(socat);
        }

        DeleteLink(GatewayPath);
        DeleteLink(DevicePath);
    }

    public async ValueTask DisposeAsync()
    {
        await UnplugAsync();
        try
        {
            _directory.Delete(recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static async Task KillAsync(Process socat)
    {
        try
        {
            if (!socat.HasExited)
            {
                socat.Kill();
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await socat.WaitForExitAsync(timeout.Token);
        }
        catch (InvalidOperationException)
        {
        }
        finally
        {
            socat.Dispose();
        }
    }

    private static void DeleteLink(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
    }
}
