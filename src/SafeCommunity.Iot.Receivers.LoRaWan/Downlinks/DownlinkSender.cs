using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SafeCommunity.Iot.Core.Downlinks;
using SafeCommunity.Iot.Core.Registry;
using SafeCommunity.Iot.Core.Uplinks;
using SafeCommunity.Iot.Protocol.Radio;
using SafeCommunity.Iot.Protocol.Security;
using SafeCommunity.Iot.Receivers.LoRaWan.Diagnostics;
using SafeCommunity.Iot.Receivers.LoRaWan.Hosting;
using SafeCommunity.Iot.Receivers.LoRaWan.Mqtt;

namespace SafeCommunity.Iot.Receivers.LoRaWan.Downlinks;

/// <summary>
/// Sends downlink commands (PROTOCOL.md §1.3) to LoRaWAN devices through the network server's MQTT integration and
/// waits for the device's acknowledgement, which arrives as an ordinary uplink: <see cref="PendingDownlinks"/> (an
/// <see cref="IUplinkObserver"/>) completes the command whose (device, downlink counter) a stored CommandAck names.
/// <para>
/// Downlink counter: seconds since 2025-01-01T00:00:00Z, so it keeps increasing across restarts with nothing stored.
/// A second command to the same device within the same second waits for the next second. LoRaWAN class A devices
/// receive downlinks only after their own uplinks, so acknowledgements take about one report interval.
/// </para>
/// </summary>
public sealed class DownlinkSender : IDownlinkSender
{
    private readonly LoRaWanOptions _options;
    private readonly DeviceRegistry _registry;
    private readonly ILoRaWanPublisher _publisher;
    private readonly PendingDownlinks _pending;
    private readonly LoRaWanMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger<DownlinkSender> _logger;
    private readonly DownlinkCounter _counter;

    internal DownlinkSender(
        IOptions<LoRaWanOptions> options,
        DeviceRegistry registry,
        ILoRaWanPublisher publisher,
        PendingDownlinks pending,
        LoRaWanMetrics metrics,
        TimeProvider time,
        ILogger<DownlinkSender> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _registry = registry;
        _publisher = publisher;
        _pending = pending;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        _counter = new DownlinkCounter(time);
    }

    /// <summary>Commands waiting for their acknowledgement.</summary>
    public int PendingCount => _pending.Count;

    /// <summary>
    /// Sends <paramref name="command"/> with <paramref name="argument"/> to device <paramref name="deviceId"/> and waits up
    /// to <paramref name="ackTimeout"/> for its acknowledgement.
    /// </summary>
    /// <returns>
    /// <see cref="DownlinkStatus.Acknowledged"/> with the device's result; <see cref="DownlinkStatus.TimedOut"/> (the command
    /// may still be carried out later); or why nothing was sent (unknown device, no DevEUI / device id, invalid command,
    /// not configured, not connected, too many pending).
    /// </returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="ackTimeout"/> is not positive.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired.</exception>
    public async Task<DownlinkResult> SendAsync(
        uint deviceId, DownlinkCommandCode command, ushort argument, TimeSpan ackTimeout, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ackTimeout, TimeSpan.Zero);
        cancellationToken.ThrowIfCancellationRequested();

        var refused = Check(deviceId, command, argument, out var device, out var topic);
        if (refused is not null)
        {
            return Finish(refused);
        }

        if (!_pending.TryReserve())
        {
            return Finish(DownlinkResult.NotSent(
                DownlinkStatus.TooManyPending, deviceId, $"{_options.MaxPendingDownlinks} commands are already waiting for acknowledgements"));
        }

        PendingDownlinks.PendingCommand? pending = null;
        try
        {
            uint counter;
            try
            {
                counter = await _counter.NextAsync(deviceId, cancellationToken);
            }
            catch (InvalidOperationException exception)
            {
                return Finish(DownlinkResult.NotSent(DownlinkStatus.NotConfigured, deviceId, exception.Message));
            }

            byte[] frame;
            using (var cmac = new AesCmac(device.Key.Bytes))
            {
                frame = RadioFrameWriter.ToArray(RadioFrame.DownlinkCommand(deviceId, counter, command, argument), cmac);
            }

            // Waiting before publishing: an acknowledgement can be quicker than the broker's PUBACK.
            pending = _pending.Add(deviceId, counter, command);

            var error = await _publisher.PublishAsync(topic, DownlinkMessage.CreateBody(_options, topic, frame), cancellationToken);
            if (error is not null)
            {
                LoRaWanLog.DownlinkNotSent(_logger, null, deviceId, counter, error);
                return Finish(DownlinkResult.NotSent(DownlinkStatus.NotConnected, deviceId, error));
            }

            LoRaWanLog.DownlinkSent(_logger, command, argument, deviceId, counter, topic);
            try
            {
                var ack = await pending.Acknowledgement.WaitAsync(ackTimeout, _time, cancellationToken);
                LoRaWanLog.DownlinkAcknowledged(_logger, deviceId, counter, ack);
                return Finish(new DownlinkResult(DownlinkStatus.Acknowledged, deviceId, counter, ack, null));
            }
            catch (TimeoutException)
            {
                LoRaWanLog.DownlinkTimedOut(_logger, deviceId, counter, ackTimeout);
                return Finish(new DownlinkResult(DownlinkStatus.TimedOut, deviceId, counter, null, null));
            }
        }
        finally
        {
            if (pending is not null)
            {
                _pending.Remove(pending);
            }

            _pending.Release();
        }
    }

    private DownlinkResult? Check(uint deviceId, DownlinkCommandCode command, ushort argument, out Device device, out string topic)
    {
        topic = string.Empty;
        if (!_registry.TryGetDevice(deviceId, out device))
        {
            return DownlinkResult.NotSent(DownlinkStatus.UnknownDevice, deviceId, $"device {deviceId} is not enrolled");
        }

        if (command is < DownlinkCommandCode.SetReportInterval or > DownlinkCommandCode.SoundBuzzer)
        {
            return DownlinkResult.NotSent(DownlinkStatus.InvalidCommand, deviceId, $"command {(byte)command} is not defined");
        }

        if (!RadioFrame.IsArgumentAllowed(command, argument))
        {
            return DownlinkResult.NotSent(DownlinkStatus.InvalidCommand, deviceId, $"{command} does not accept the argument {argument}");
        }

        return DownlinkMessage.TryGetTopic(_options, device, out topic, out var status, out var error)
            ? null
            : DownlinkResult.NotSent(status, deviceId, error);
    }

    private DownlinkResult Finish(DownlinkResult result)
    {
        _metrics.Downlink(result.Status);
        return result;
    }
}
