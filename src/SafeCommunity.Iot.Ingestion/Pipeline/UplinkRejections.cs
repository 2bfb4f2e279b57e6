using Microsoft.Extensions.Logging;
using SafeCommunity.Iot.Core.Receivers;
using SafeCommunity.Iot.Core.Uplinks;
using SafeCommunity.Iot.Ingestion.Diagnostics;
using SafeCommunity.Iot.Protocol.Radio;

namespace SafeCommunity.Iot.Ingestion.Pipeline;

/// <summary>
/// Everything that happens to a rejected uplink: counted per receiver and outcome, logged at a bounded rate,
/// and completed at once (a rejected frame changes nothing, so there is nothing to store first).
/// </summary>
internal sealed class UplinkRejections
{
    private readonly ReceiverStatistics _statistics;
    private readonly IngestionMetrics _metrics;
    private readonly RejectionLogLimiter _limiter;
    private readonly ILogger _logger;

    public UplinkRejections(ReceiverStatistics statistics, IngestionMetrics metrics, RejectionLogLimiter limiter, ILogger logger)
    {
        _statistics = statistics;
        _metrics = metrics;
        _limiter = limiter;
        _logger = logger;
    }

    public void Malformed(RawUplink uplink, RadioFrameError reason)
    {
        Count(uplink, UplinkOutcome.Malformed);
        if (_limiter.ShouldLog(uplink.ReceiverId, UplinkOutcome.Malformed, out var suppressed))
        {
            IngestionLog.Malformed(_logger, uplink.ReceiverId, reason, suppressed);
        }

        uplink.Completion?.Complete(UplinkOutcome.Malformed);
    }

    /// <summary>Counts and logs a rejection; completes the uplink unless <paramref name="complete"/> is false (it then travels on to be completed after a commit).</summary>
    public void Reject(RawUplink uplink, UplinkOutcome outcome, in RadioFrame frame, uint lastCounter = 0, bool complete = true)
    {
        Count(uplink, outcome);
        if (_limiter.ShouldLog(uplink.ReceiverId, outcome, out var suppressed))
        {
            switch (outcome)
            {
                case UplinkOutcome.UnknownDevice:
                    IngestionLog.UnknownDevice(_logger, uplink.ReceiverId, frame.DeviceId, suppressed);
                    break;
                case UplinkOutcome.BadMic:
                    IngestionLog.BadMic(_logger, uplink.ReceiverId, frame.DeviceId, suppressed);
                    break;
                default:
                    IngestionLog.Replay(_logger, uplink.ReceiverId, frame.DeviceId, frame.Counter, lastCounter, suppressed);
                    break;
            }
        }

        if (complete)
        {
            uplink.Completion?.Complete(outcome);
        }
    }

    private void Count(RawUplink uplink, UplinkOutcome outcome)
    {
        _statistics.Outcome(uplink.ReceiverId, outcome);
        _metrics.Processed(outcome);
    }
}
