using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SafeCommunity.Iot.Core.Hosting;
using SafeCommunity.Iot.Core.Receivers;
using SafeCommunity.Iot.Core.Uplinks;
using SafeCommunity.Iot.Receivers.Serial.Diagnostics;
using SafeCommunity.Iot.Receivers.Serial.Ports;

namespace SafeCommunity.Iot.Receivers.Serial.LoRaP2P;

/// <summary>
/// Runs every configured RAK3172 LoRa P2P module (<c>Receivers:LoRaP2P:Modules</c>): one hosted service, one
/// independent port session per module, each reconnecting and reconfiguring on its own.
/// </summary>
public sealed class Rak3172ReceiverService : PhasedBackgroundService
{
    private readonly LoRaP2POptions _options;
    private readonly IUplinkIngress _ingress;
    private readonly ReceiverStatusBoard _board;
    private readonly ISerialStreamFactory _ports;
    private readonly TimeProvider _clock;
    private readonly SerialReceiverMetrics _metrics;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;

    /// <summary>Creates the service; the ports are opened when the host starts it.</summary>
    public Rak3172ReceiverService(
        IOptions<LoRaP2POptions> options,
        IUplinkIngress ingress,
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
        _board = board;
        _ports = ports;
        _clock = clock;
        _metrics = metrics;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<Rak3172ReceiverService>();
    }

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_options.Modules.Count == 0)
        {
            Rak3172Log.NoneConfigured(_logger);
            return Task.CompletedTask;
        }

        Rak3172Log.Starting(_logger, _options.Modules.Count);
        var linkLogger = _loggerFactory.CreateLogger<Rak3172Link>();
        var portLogger = _loggerFactory.CreateLogger<SerialPortSession>();
        var watchdog = Rak3172Link.WatchdogFor(_options);
        var sessions = _options.Modules.Select(module =>
        {
            var link = new Rak3172Link(module, _options, _ingress, _board, _clock, linkLogger, _metrics);
            var settings = new SerialPortSessionSettings(module.ReceiverId, module.Path, module.BaudRate, watchdog);
            return new SerialPortSession(settings, _ports, link, _board, _clock, portLogger, _metrics);
        }).ToList();

        return Task.WhenAll(sessions.Select(session => Task.Run(() => session.RunAsync(stoppingToken), CancellationToken.None)));
    }
}
