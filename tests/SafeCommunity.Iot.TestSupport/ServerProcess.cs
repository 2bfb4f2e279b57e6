using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace SafeCommunity.Iot.TestSupport;

/// <summary>
/// A real server the test starts from its Debian package: own temporary folder, a free loopback port, started and
/// stopped (SIGTERM, for a graceful stop) by its PID, and started again on the same folder and port for outage
/// tests. A missing binary fails the test with what to install: the test command installs it.
/// </summary>
public abstract class ServerProcess : IDisposable
{
    private static readonly string[] SystemFolders = ["/usr/bin", "/usr/sbin", "/usr/local/bin", "/usr/local/sbin"];

    private Process? _process;

    /// <summary>Finds <paramref name="executable"/>, which Debian's <paramref name="package"/> installs, and picks a free port.</summary>
    protected ServerProcess(string executable, string package)
    {
        Executable = Find(executable) ?? throw new InvalidOperationException(
            $"The integration tests need '{executable}' (Debian package '{package}'), and it is not installed. " +
            $"The project's test command (bash .ci/test) installs it; by hand: apt-get install {package}.");
        Port = FreePort.Next();
    }

    /// <summary>The loopback port it listens on.</summary>
    public int Port { get; }

    /// <summary>Its base address.</summary>
    public Uri Url => new($"http://127.0.0.1:{Port}/");

    /// <summary>Its own temporary folder, deleted on dispose.</summary>
    public string Directory { get; } = Path.Combine(Path.GetTempPath(), $"safecomm-server-{Guid.NewGuid():N}");

    /// <summary>Whether the process runs.</summary>
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>The server binary.</summary>
    protected string Executable { get; }

    /// <summary>A client for its HTTP API.</summary>
    protected HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>Starts the server on its folder and port and waits until it answers (again, after <see cref="StopAsync"/>).</summary>
    public async Task StartAsync()
    {
        System.IO.Directory.CreateDirectory(Directory);
        var output = new List<string>();
        var process = Process.Start(new ProcessStartInfo(Executable, await ArgumentsAsync())
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException($"Could not start {Executable}.");
        process.OutputDataReceived += (_, e) => Keep(output, e.Data);
        process.ErrorDataReceived += (_, e) => Keep(output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!await IsReadyAsync())
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                string log;
                lock (output)
                {
                    log = string.Join('\n', output.TakeLast(40));
                }

                throw new InvalidOperationException($"{Path.GetFileName(Executable)} did not get ready on port {Port}. Its output:\n{log}");
            }

            await Task.Delay(50);
        }

        await AfterStartAsync();
    }

    /// <summary>Stops the server gracefully (SIGTERM), as an operator or a service manager would.</summary>
    public async Task StopAsync()
    {
        if (_process is not { } process)
        {
            return;
        }

        if (!process.HasExited)
        {
            using var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync();
            try
            {
                await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            }
            catch (TimeoutException)
            {
                process.Kill();
                await process.WaitForExitAsync();
            }
        }

        process.Dispose();
        _process = null;
    }

    /// <summary>Kills the server if it still runs and deletes its folder.</summary>
    public void Dispose()
    {
        GC.SuppressFinalize(this);
        if (_process is { } process)
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill();
                    process.WaitForExit(10_000);
                }
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }

            process.Dispose();
            _process = null;
        }

        Http.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>The command line (it may write a configuration file into <see cref="Directory"/> first).</summary>
    protected abstract Task<string[]> ArgumentsAsync();

    /// <summary>Whether the server answers.</summary>
    protected abstract Task<bool> IsReadyAsync();

    /// <summary>What to do once it answers (create a database, ...).</summary>
    protected virtual Task AfterStartAsync() => Task.CompletedTask;

    /// <summary>Whether GET <paramref name="path"/> answers <paramref name="expected"/>.</summary>
    protected async Task<bool> AnswersAsync(string path, HttpStatusCode expected)
    {
        try
        {
            using var response = await Http.GetAsync(new Uri(Url, path));
            return response.StatusCode == expected;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private static void Keep(List<string> output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.Add(line);
        }
    }

    private static string? Find(string name) =>
        SystemFolders
            .Concat((Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            .Select(folder => Path.Combine(folder, name))
            .FirstOrDefault(File.Exists);
}
