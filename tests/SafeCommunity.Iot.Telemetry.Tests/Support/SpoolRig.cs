using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using SafeCommunity.Iot.Telemetry.Diagnostics;
using SafeCommunity.Iot.Telemetry.Points;
using SafeCommunity.Iot.Telemetry.Sending;
using SafeCommunity.Iot.Telemetry.Spool;
using SafeCommunity.Iot.Telemetry.Writers;
using SafeCommunity.Iot.TestSupport;

namespace SafeCommunity.Iot.Telemetry.Tests.Support;

/// <summary>The spool and a sender draining it to a writer, as the gateway wires them, on a temporary folder.</summary>
internal sealed class SpoolRig : IAsyncDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly ITelemetryWriter? _writer;
    private Task _sending = Task.CompletedTask;

    public SpoolRig(ITelemetryWriter? writer, SenderSettings? settings = null, long maxBytes = 64L << 20, long segmentBytes = 1L << 20)
    {
        _writer = writer;
        Metrics = TestMeters.Telemetry();
        Spool = TelemetrySpool.Open(_directory.Path, maxBytes, segmentBytes, Metrics, Logger);
        DeadLetters = new DeadLetterFile(_directory.Path, 1 << 20);
        if (writer is not null)
        {
            Sender = new SpoolSender(
                Spool, writer, DeadLetters,
                settings ?? new SenderSettings(500, TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(500)),
                Metrics, TimeProvider.System, Logger);
        }
    }

    public string Directory => _directory.Path;

    public TelemetryMetrics Metrics { get; }

    public CapturingLogger Logger { get; } = new();

    public TelemetrySpool Spool { get; }

    public DeadLetterFile DeadLetters { get; }

    public SpoolSender? Sender { get; }

    public PointFormatter Formatter { get; } = new("test-gateway");

    public void StartSending() => _sending = Task.Run(() => Sender!.RunAsync(_stop.Token));

    /// <summary>Appends the points of <paramref name="items"/> as one record.</summary>
    public void Append(params TelemetryItem[] items)
    {
        var record = new RecordBuilder();
        foreach (var item in items)
        {
            Formatter.Add(item, record);
        }

        Spool.Append(record);
    }

    public void AppendLines(params string[] lines)
    {
        var record = new RecordBuilder();
        foreach (var line in lines)
        {
            record.AddLine(line);
        }

        Spool.Append(record);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _sending;
        Spool.Dispose();
        _writer?.Dispose();
        _stop.Dispose();
        _directory.Dispose();
    }
}

/// <summary>Meters for tests, from the same factory the host uses.</summary>
internal static class TestMeters
{
    private static readonly ServiceProvider Services = new ServiceCollection().AddMetrics().BuildServiceProvider();

    public static IMeterFactory Factory => Services.GetRequiredService<IMeterFactory>();

    public static TelemetryMetrics Telemetry() => new(Factory);
}
