using System.Text;
using Microsoft.Extensions.Logging;
using SafeCommunity.Iot.Core.Diagnostics;
using SafeCommunity.Iot.Core.Geodesy;
using SafeCommunity.Iot.Core.Receivers;
using SafeCommunity.Iot.Core.Registry;
using SafeCommunity.Iot.Core.Uplinks;
using SafeCommunity.Iot.Protocol.Link;
using SafeCommunity.Iot.Receivers.Serial.Diagnostics;
using SafeCommunity.Iot.Receivers.Serial.Gnss;
using SafeCommunity.Iot.Receivers.Serial.Ports;

namespace SafeCommunity.Iot.Receivers.Serial.BaseStations;

/// <summary>
/// Reads one serial receiver's link records (PROTOCOL.md §2): receptions become <see cref="RawUplink"/>s handed to
/// the pipeline (awaited, so a full pipeline slows the reading down), status records and GNSS sentences update the
/// receiver's health. The decoder and the receiver's latest position survive a reconnect; a half record does not.
/// </summary>
internal sealed class BaseStationLink : ISerialConnectionHandler
{
    private const int ReadBufferSize = 1024;
    private static readonly TimeSpan WarningInterval = TimeSpan.FromSeconds(30);
    private static readonly string[] ErrorNames = [.. Enum.GetValues<LinkRecordError>().Select(e => SnakeCase(e.ToString()))];

    private readonly string _receiverId;
    private readonly TimeSpan _maxPositionAge;
    private readonly IUplinkIngress _ingress;
    private readonly DeviceRegistry _registry;
    private readonly ReceiverStatusBoard _board;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly SerialReceiverMetrics _metrics;
    private readonly LinkStreamDecoder _decoder = new();
    private readonly NmeaPositionParser _nmea = new();
    private readonly LogRateLimiter _recordWarnings;
    private readonly LogRateLimiter _sentenceWarnings;
    private GeoPoint? _position;
    private DateTimeOffset _positionAt;
    private uint? _mismatchReported;

    /// <summary>Creates the reader of receiver <paramref name="receiverId"/>.</summary>
    public BaseStationLink(
        string receiverId,
        TimeSpan maxPositionAge,
        IUplinkIngress ingress,
        DeviceRegistry registry,
        ReceiverStatusBoard board,
        TimeProvider clock,
        ILogger logger,
        SerialReceiverMetrics metrics)
    {
        _receiverId = receiverId;
        _maxPositionAge = maxPositionAge;
        _ingress = ingress;
        _registry = registry;
        _board = board;
        _clock = clock;
        _logger = logger;
        _metrics = metrics;
        _recordWarnings = new LogRateLimiter(clock, WarningInterval);
        _sentenceWarnings = new LogRateLimiter(clock, WarningInterval);
    }

    /// <summary>The decoder's counters (records, rejections by reason, discarded bytes).</summary>
    public LinkStreamStatistics Statistics => _decoder.Statistics;

    /// <inheritdoc />
    public async Task RunAsync(SerialConnection connection, CancellationToken cancellationToken)
    {
        // Whatever half record was pending when the last connection broke is gone.
        _decoder.Reset();
        connection.ReportConnected("reading link records");
        var buffer = new byte[ReadBufferSize];
        while (true)
        {
            var read = await connection.Stream.ReadAsync(buffer, cancellationToken);
            if (read == 0)
            {
                return;
            }

            connection.MarkActivity();
            await ProcessAsync(buffer.AsMemory(0, read), cancellationToken);
        }
    }

    /// <summary>Decodes <paramref name="bytes"/> and hands every reception to the pipeline, in order.</summary>
    internal async ValueTask ProcessAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        var offset = 0;
        while (offset < bytes.Length)
        {
            var uplink = DecodeNext(bytes.Span[offset..], out var consumed);
            offset += consumed;
            if (uplink is not null)
            {
                await _ingress.WriteAsync(uplink, cancellationToken);
            }
        }
    }

    /// <summary>
    /// Decodes records from <paramref name="input"/> until one is a reception (returned) or the input is used up.
    /// Status and GNSS records are applied on the way.
    /// </summary>
    internal RawUplink? DecodeNext(ReadOnlySpan<byte> input, out int consumed)
    {
        consumed = 0;
        while (consumed < input.Length)
        {
            var status = _decoder.Decode(input[consumed..], out var used, out var record, out var error);
            consumed += used;
            switch (status)
            {
                case LinkStreamStatus.NeedMoreData:
                    return null;
                case LinkStreamStatus.Rejected:
                    OnRejected(error);
                    break;
                case LinkStreamStatus.Record when record.Type == LinkRecordType.RadioReception:
                    return ToUplink(record.Reception);
                case LinkStreamStatus.Record when record.Type == LinkRecordType.ReceiverStatus:
                    OnStatus(record.Status);
                    break;
                case LinkStreamStatus.Record when record.Type == LinkRecordType.GnssSentence:
                    OnSentence(record.Sentence);
                    break;
                default:
                    break;
            }
        }

        return null;
    }

    private RawUplink ToUplink(RadioReception reception)
    {
        var now = _clock.GetUtcNow();
        _metrics.Reception(UplinkTransport.Serial);
        return new RawUplink(
            _receiverId,
            now,
            reception.Frame.ToArray(),
            UplinkTransport.Serial,
            reception.RssiDbm,
            reception.SnrDb,
            PositionAt(now));
    }

    /// <summary>The receiver's own position for a reception at <paramref name="now"/>: only a mobile receiver's, only a fresh one.</summary>
    private GeoPoint? PositionAt(DateTimeOffset now)
    {
        if (_position is not { } position || now - _positionAt > _maxPositionAge)
        {
            return null;
        }

        // A receiver the registry places at a fixed spot keeps that spot; one it does not know is placed by its GNSS.
        return _registry.TryGetReceiver(_receiverId, out var receiver) && !receiver.IsMobile ? null : position;
    }

    private void OnRejected(LinkRecordError error)
    {
        _board.Update(_receiverId, static h => h with { LinkErrors = h.LinkErrors + 1 });
        _metrics.LinkError((int)error < ErrorNames.Length ? ErrorNames[(int)error] : "unknown");
        if (_recordWarnings.TryAcquire(out var suppressed))
        {
            BaseStationLog.RecordRejected(_logger, _receiverId, error, suppressed);
        }
        else
        {
            BaseStationLog.RecordRejectedQuietly(_logger, _receiverId, error);
        }
    }

    private void OnStatus(ReceiverStatus status)
    {
        var now = _clock.GetUtcNow();
        _board.Update(_receiverId, h => h with
        {
            FirmwareVersion = status.FirmwareVersion,
            Uptime = TimeSpan.FromSeconds(status.UptimeSeconds),
            RadioFramesReceived = status.FramesReceived,
            RadioCrcErrors = status.RadioCrcErrors,
            RecordsDropped = status.RecordsDropped,
            LastStatusAt = now,
        });

        if ((status.Flags & ReceiverStatusFlags.Hello) != 0)
        {
            BaseStationLog.Hello(_logger, _receiverId, status.ReceiverId, status.FirmwareVersion, (status.Flags & ReceiverStatusFlags.GnssPresent) != 0);
        }

        if ((status.Flags & ReceiverStatusFlags.RadioFault) != 0)
        {
            BaseStationLog.RadioFault(_logger, _receiverId);
        }

        if (_registry.TryGetReceiver(_receiverId, out var receiver) && receiver.HardwareId is { } expected)
        {
            if (expected != status.ReceiverId && _mismatchReported != status.ReceiverId)
            {
                BaseStationLog.HardwareIdMismatch(_logger, _receiverId, status.ReceiverId, expected);
                _mismatchReported = status.ReceiverId;
            }
            else if (expected == status.ReceiverId)
            {
                _mismatchReported = null;
            }
        }
    }

    private void OnSentence(ReadOnlySpan<byte> sentence)
    {
        var now = _clock.GetUtcNow();
        var result = _nmea.Parse(Encoding.ASCII.GetString(sentence), now);
        switch (result.Status)
        {
            case NmeaParseStatus.Position when result.Position is { } position:
                _position = position;
                _positionAt = now;
                _board.Update(_receiverId, h => h with { Position = position, PositionAt = now });
                if (_logger.IsEnabled(LogLevel.Debug))
                {
                    BaseStationLog.Position(_logger, _receiverId, position.ToString());
                }

                break;
            case NmeaParseStatus.NoFix:
                BaseStationLog.NoFix(_logger, _receiverId, result.Reason);
                break;
            case NmeaParseStatus.Invalid:
                _board.Update(_receiverId, static h => h with { LinkErrors = h.LinkErrors + 1 });
                _metrics.LinkError("nmea");
                if (_sentenceWarnings.TryAcquire(out var suppressed))
                {
                    BaseStationLog.SentenceRejected(_logger, _receiverId, result.Reason, suppressed);
                }
                else
                {
                    BaseStationLog.SentenceRejectedQuietly(_logger, _receiverId, result.Reason);
                }

                break;
            default:
                break;
        }
    }

    private static string SnakeCase(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
