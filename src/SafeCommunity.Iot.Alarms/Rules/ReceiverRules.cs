using SafeCommunity.Iot.Core.Alarms;
using SafeCommunity.Iot.Core.Receivers;
using SafeCommunity.Iot.Core.Registry;

namespace SafeCommunity.Iot.Alarms.Rules;

/// <summary>
/// "Receiver silent": a base station (or LoRa module) that has sent status reports and then stops. A receiver
/// that never reported is not judged: it may not be installed yet.
/// </summary>
public sealed class ReceiverRules
{
    private readonly AlarmRuleOptions _options;
    private readonly DeviceRegistry _registry;
    private readonly ReceiverStatusBoard _board;
    private readonly HashSet<string> _raised = new(StringComparer.Ordinal);

    /// <summary>Creates the rules.</summary>
    public ReceiverRules(AlarmRuleOptions options, DeviceRegistry registry, ReceiverStatusBoard board)
    {
        _options = options;
        _registry = registry;
        _board = board;
    }

    /// <summary>Adds an intent for every receiver that went silent since the last check.</summary>
    public void Tick(DateTimeOffset now, List<AlarmIntent> intents)
    {
        ArgumentNullException.ThrowIfNull(intents);
        foreach (var health in _board.All)
        {
            if (health.LastStatusAt is not { } lastStatus)
            {
                continue;
            }

            if (now - lastStatus < _options.ReceiverSilentAfter)
            {
                _raised.Remove(health.ReceiverId);
                continue;
            }

            if (!_raised.Add(health.ReceiverId))
            {
                continue;
            }

            _registry.TryGetReceiver(health.ReceiverId, out var receiver);
            intents.Add(new AlarmIntent
            {
                Kind = AlarmKind.ReceiverSilent,
                Severity = AlarmSeverity.High,
                ConditionKey = "silent",
                ReceiverId = health.ReceiverId,
                Subject = receiver?.Name ?? health.ReceiverId,
                HomeCommunityId = receiver?.CommunityId ?? string.Empty,
                Location = receiver?.Position is { } position
                    ? new Core.Geodesy.Location(position, 0, Core.Geodesy.LocationSource.Receivers, lastStatus)
                    : null,
                ReceiverIds = [health.ReceiverId],
                At = now,
                Detail = $"no status since {lastStatus:u}; link {health.Link}",
            });
        }
    }
}
