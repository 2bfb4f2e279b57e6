using System.Diagnostics;
using SafeCommunity.Iot.LoadTest.Measuring;
using SafeCommunity.Iot.LoadTest.Running;
using SafeCommunity.Iot.Simulator.Transports;

namespace SafeCommunity.Iot.LoadTest.Probe;

/// <summary>
/// The tool's side of the alarm probe (<see cref="ProbeChild"/>): starts it before the tool lowers its own priority
/// (a child keeps the priority it was started with), hands it each SOS frame of the plan, and passes what it stamped
/// to the <see cref="AlarmMatcher"/>.
/// </summary>
internal sealed class AlarmProbe : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(45);

    private readonly Process _process;
    private readonly AlarmMatcher _matcher;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _writing = new();
    private readonly Task _reading;
    private readonly Task<string> _errors;
    private int _resumes;
    private long _sent;

    private AlarmProbe(Process process, AlarmMatcher matcher)
    {
        _process = process;
        _matcher = matcher;
        _errors = process.StandardError.ReadToEndAsync();
        _reading = Task.Run(ReadAsync);
    }

    /// <summary>SOS frames the probe's publisher has taken.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>Times the probe's alarm stream was cut off and resumed.</summary>
    public int Resumes => Volatile.Read(ref _resumes);

    /// <summary>Starts the probe against <paramref name="target"/>; returns once it publishes and watches.</summary>
    /// <exception cref="InvalidOperationException">It did not start or did not get ready.</exception>
    public static async Task<AlarmProbe> StartAsync(TargetGateway target, AlarmMatcher matcher, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        var (host, arguments) = Command(target);
        var info = new ProcessStartInfo(host, arguments)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.Environment[ProbeChild.TokenVariable] = target.Token ?? string.Empty;
        var process = Process.Start(info) ?? throw new InvalidOperationException("the alarm probe did not start");
        var probe = new AlarmProbe(process, matcher);
        try
        {
            await probe._ready.Task.WaitAsync(StartTimeout, cancellationToken);
        }
        catch (Exception ex) when (ex is TimeoutException or InvalidOperationException)
        {
            await probe.DisposeAsync();
            throw new InvalidOperationException($"the alarm probe did not get ready: {(await probe._errors).Trim()}", ex);
        }

        return probe;
    }

    /// <summary>Hands an SOS uplink of <paramref name="deviceId"/> to the probe to publish now.</summary>
    public void Send(uint deviceId, ChirpStackMessage message)
    {
        var line = ProbeLine.Sos(deviceId, message);
        lock (_writing)
        {
            _process.StandardInput.WriteLine(line);
            _process.StandardInput.Flush();
        }
    }

    /// <summary>Tells the probe to stop and waits for its last lines.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        lock (_writing)
        {
            _process.StandardInput.WriteLine(ProbeLine.Stop);
            _process.StandardInput.Close();
        }

        await _process.WaitForExitAsync(cancellationToken).WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        await _reading;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        await _reading;
        _process.Dispose();
    }

    /// <summary>This tool run again as the probe: through the dotnet host when the tool runs as a dll.</summary>
    private static (string Host, List<string> Arguments) Command(TargetGateway target)
    {
        List<string> probe = target.AlarmTopic is { } topic
            ? [ProbeChild.Command, target.MqttHost, target.MqttPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "topic", topic]
            : [ProbeChild.Command, target.MqttHost, target.MqttPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "grpc",
                (target.GrpcUrl ?? throw new InvalidOperationException("no gRPC endpoint to watch alarms on")).ToString()];
        var self = Environment.ProcessPath ?? "dotnet";
        var tool = typeof(AlarmProbe).Assembly.Location;
        if (Path.GetFileNameWithoutExtension(self) == Path.GetFileNameWithoutExtension(tool))
        {
            return (self, probe);
        }

        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ??
            (Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet");
        return (dotnet, [tool, .. probe]);
    }

    private async Task ReadAsync()
    {
        while (await _process.StandardOutput.ReadLineAsync() is { } line)
        {
            if (ProbeLine.TryReadSent(line, out var deviceId, out var sentAt))
            {
                _matcher.FrameSent(deviceId, sentAt);
                Interlocked.Increment(ref _sent);
            }
            else if (ProbeLine.TryReadEvent(line, out var alarmEvent, out var receivedAt))
            {
                _matcher.EventReceived(alarmEvent, receivedAt);
            }
            else if (line == ProbeLine.Ready)
            {
                _ready.TrySetResult();
            }
            else if (ProbeLine.TryReadResumes(line, out var resumes))
            {
                Volatile.Write(ref _resumes, resumes);
            }
        }

        _ready.TrySetException(new InvalidOperationException("the alarm probe exited"));
    }
}
