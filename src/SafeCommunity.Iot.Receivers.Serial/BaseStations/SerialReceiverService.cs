using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SafeCommunity.Iot.Core.Hosting;
using SafeCommunity.Iot.Core.Receivers;
using SafeCommunity.Iot.Core.Registry;
using SafeCommunity.Iot.Core.Uplinks;
using SafeCommunity.Iot.Receivers.Serial.Diagnostics;
using SafeCommunity.Iot.Receivers.Serial.Ports;

namespace SafeCommunity.Iot.Receivers.Serial.BaseStations;

/// <summary>
/// Runs every configured serial receiver (<c>Receivers:Serial:Ports</c>): one hosted service, one independent
/// port session per port. A port that fails only reconnects itself; nothing here stops the host.
/// </summary>
/// <remarks>
/// One service for all ports rather than one per port: the list comes from configuration, so a fixed set of
/// hosted-service registrations cannot mirror it, and all ports share start and stop. Isolation does not suffer:
/// each port runs its own loop, with its own decoder, backoff and watchdog.
/// </remarks>
public sealed class SerialReceiverService : PhasedBackgroundService
{
    private readonly SerialReceiverOptions _options;
    private readonly IUplinkIngress _ingress;
    private readonly DeviceRegistry _registry;
    private readonly ReceiverStatusBoard _board;
    private readonly ISerialStreamFactory _ports;
    private readonly TimeProvider _clock;
    private readonly SerialReceiverMetrics _metrics;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;

    /// <summary>Creates the service; the ports are opened when the host starts it.</summary>
    public SerialReceiverService(
        IOptions<SerialReceiverOptions> options,
        IUplinkIngress ingress,
        DeviceRegistry registry,
        ReceiverStatusBoard board,
        ISerialStreamFactory ports,
        TimeProvider clock,
        SerialReceiverMetrics metrics,
        ILoggerFactory loggerFactory)
        : base(HostPhase.Source)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _options = options.Value;
        _ingress = ingress;
        _registry = registry;
        _board = board;
        _ports = ports;
        _clock = clock;
        _metrics = metrics;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<SerialReceiverService>();
    }

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_options.Ports.Count == 0)
        {
            BaseStationLog.NoneConfigured(_logger);
            return Task.CompletedTask;
        }

        BaseStationLog.Starting(_logger, _options.Ports.Count);
        var maxPositionAge = TimeSpan.FromSeconds(_options.MaxPositionAgeSeconds);
        var linkLogger = _loggerFactory.CreateLogger<BaseStationLink>();
        var portLogger = _loggerFactory.CreateLogger<SerialPortSession>();
        var sessions = _options.Ports.Select(port =>
        {
            var link = new BaseStationLink(port.ReceiverId, maxPositionAge, _ingress, _registry, _board, _clock, linkLogger, _metrics);
            var settings = new SerialPortSessionSettings(port.ReceiverId, port.Path, port.BaudRate, TimeSpan.FromSeconds(port.WatchdogSeconds));
            return new SerialPortSession(settings, _ports, link, _board, _clock, portLogger, _metrics);
        }).ToList();

        return Task.WhenAll(sessions.Select(session => Task.Run(() => session.RunAsync(stoppingToken), CancellationToken.None)));
    }
}
