using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SafeCommunity.Iot.Telemetry.Diagnostics;
using SafeCommunity.Iot.Telemetry.Sending;
using SafeCommunity.Iot.Telemetry.Spool;
using SafeCommunity.Iot.Telemetry.Writers;

namespace SafeCommunity.Iot.Telemetry.Hosting;

/// <summary>
/// Drains the spool into the configured InfluxDB (<see cref="SpoolSender"/>); with no <see cref="TelemetryOptions.Url"/>
/// it does nothing and the spool keeps its files.
/// </summary>
public sealed class TelemetrySenderService : BackgroundService
{
    private readonly SpoolHost _host;
    private readonly TelemetryOptions _options;
    private readonly TelemetryMetrics _metrics;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private SpoolSender? _sender;

    /// <summary>Creates the service.</summary>
    public TelemetrySenderService(
        SpoolHost host, IOptions<TelemetryOptions> options, TelemetryMetrics metrics, TimeProvider clock, ILogger<TelemetrySenderService> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _host = host;
        _options = options.Value;
        _metrics = metrics;
        _clock = clock;
        _logger = logger;
    }

    /// <summary>Failed writes in a row now (0 while writes succeed, or when nothing is sent).</summary>
    public int ConsecutiveFailures => _sender?.ConsecutiveFailures ?? 0;

    /// <summary>The writer for the configured server and API.</summary>
    public static ITelemetryWriter CreateWriter(TelemetryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var url = options.Url ?? throw new InvalidOperationException("Telemetry:Url is not set.");
        return options.Api == InfluxApi.V1
            ? new InfluxV1Writer(url, options.Database!, options.RetentionPolicy, options.Username, options.Password, options.RequestTimeout, options.Gzip)
            : new InfluxV2Writer(url, options.Org!, options.Bucket!, options.Token, options.RequestTimeout, options.Gzip);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.HasServer)
        {
            return;
        }

        TelemetrySpool spool;
        try
        {
            spool = await _host.Ready.WaitAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        using var writer = CreateWriter(_options);
        var settings = new SenderSettings(_options.BatchSize, _options.FlushInterval, _options.RetryMinDelay, _options.RetryMaxDelay);
        var deadLetters = new DeadLetterFile(spool.Directory, _options.MaxDeadLetterBytes);
        _sender = new SpoolSender(spool, writer, deadLetters, settings, _metrics, _clock, _logger);
        TelemetryLog.SenderStarted(_logger, writer.Target, writer.Api, spool.PendingPoints);
        await _sender.RunAsync(stoppingToken);
        TelemetryLog.SenderStopped(_logger, spool.PendingPoints);
    }
}
