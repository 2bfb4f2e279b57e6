using Microsoft.Extensions.Time.Testing;
using SafeCommunity.Iot.Cli.Cli;

namespace SafeCommunity.Iot.Cli.Tests.Support;

/// <summary>
/// Runs <c>safecomm</c> in-process as a user would, with its own output, error, environment and clock: the local
/// time zone is China Standard Time (UTC+8), the clock stands still at <see cref="Now"/>, and waits between
/// reconnections return at once (each is recorded). With <c>realClock</c> (the journeys against the real gateway)
/// it uses the system's clock and time zone instead.
/// </summary>
public sealed class TestConsole
{
    public static readonly DateTimeOffset Now = new(2026, 5, 1, 6, 0, 0, TimeSpan.Zero);

    public static readonly TimeZoneInfo ChinaStandardTime =
        TimeZoneInfo.CreateCustomTimeZone("China Standard Time (test)", TimeSpan.FromHours(8), "CST", "CST");

    public TestConsole(FakeGateway? gateway = null, string? token = FakeGateway.GoodToken, TestFiles? files = null, bool realClock = false)
    {
        _realClock = realClock;
        Time = new FakeTimeProvider(Now);
        Time.SetLocalTimeZone(ChinaStandardTime);
        // Without files, nothing may be written below the home folder (it is never created).
        Home = files is null ? Path.Combine(Path.GetTempPath(), "safecomm-cli-tests", "no-home-" + Guid.NewGuid().ToString("N")) : files.NewPath("home");
        if (gateway is not null)
        {
            Environment["SAFECOMM_GATEWAY"] = gateway.Address.ToString();
        }

        if (token is not null)
        {
            Environment["SAFECOMM_TOKEN"] = token;
        }

        Environment["XDG_STATE_HOME"] = Path.Combine(Home, "state");
        Out = TextWriter.Synchronized(new StringWriter(_out, System.Globalization.CultureInfo.InvariantCulture));
        Error = TextWriter.Synchronized(new StringWriter(_error, System.Globalization.CultureInfo.InvariantCulture));
    }

    private readonly bool _realClock;
    private readonly System.Text.StringBuilder _out = new();
    private readonly System.Text.StringBuilder _error = new();

    /// <summary>What the CLI writes to standard output; safe to read while it runs.</summary>
    public TextWriter Out { get; private set; }

    /// <summary>What the CLI writes to standard error; safe to read while it runs.</summary>
    public TextWriter Error { get; private set; }

    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);

    public FakeTimeProvider Time { get; }

    public string Home { get; }

    public List<TimeSpan> Delays { get; } = [];

    /// <summary>Called at each wait between reconnections (after recording it); a test may cancel the run from here.</summary>
    public Action<int>? OnDelay { get; set; }

    // A synchronized TextWriter locks itself around each write; reading under the same lock sees whole lines.
    public string Output
    {
        get
        {
            lock (Out)
            {
                return _out.ToString();
            }
        }
    }

    public string Errors
    {
        get
        {
            lock (Error)
            {
                return _error.ToString();
            }
        }
    }

    public string[] OutputLines => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();

    internal CliContext Context() => new(Out, Error)
    {
        GetEnvironmentVariable = name => Environment.TryGetValue(name, out var value) ? value : null,
        Time = _realClock ? TimeProvider.System : Time,
        HomeDirectory = Home,
        NextJitter = () => 0.5,
        Delay = (delay, cancellationToken) =>
        {
            lock (Delays)
            {
                Delays.Add(delay);
                OnDelay?.Invoke(Delays.Count);
            }

            cancellationToken.ThrowIfCancellationRequested();
            return Task.Delay(TimeSpan.FromMilliseconds(1), cancellationToken);
        },
        CallTimeout = TimeSpan.FromSeconds(20),
    };

    /// <summary>Runs a command line to its end (20 s at most, so that a hung test fails instead of hanging).</summary>
    public async Task<int> RunAsync(params string[] args)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        return await RunAsync(timeout.Token, args);
    }

    public Task<int> RunAsync(CancellationToken cancellationToken, params string[] args) => CliApp.RunAsync(args, Context(), cancellationToken);
}
