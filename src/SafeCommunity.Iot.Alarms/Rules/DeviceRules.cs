using SafeCommunity.Iot.Core.Alarms;
using SafeCommunity.Iot.Core.Geodesy;
using SafeCommunity.Iot.Core.Registry;
using SafeCommunity.Iot.Core.Uplinks;
using SafeCommunity.Iot.Geofences;
using SafeCommunity.Iot.Geofences.Evaluation;
using SafeCommunity.Iot.Geofences.Indexing;
using SafeCommunity.Iot.Protocol.Radio;

namespace SafeCommunity.Iot.Alarms.Rules;

/// <summary>
/// The device rules: what a stored uplink, a rejected frame or the passing of time means in alarms. Each device's
/// memory is its <see cref="DeviceRuleState"/>, kept by the shard that owns the device; one instance per shard
/// (the geofence evaluator keeps scratch space).
/// </summary>
public sealed class DeviceRules
{
    private readonly AlarmRuleOptions _options;
    private readonly DeviceRegistry _registry;
    private readonly GeofenceEvaluator _fences;
    private readonly Dictionary<DeviceKind, HashSet<AlarmKind>> _disabled = [];
    private readonly Dictionary<string, TimeZoneInfo> _zones = new(StringComparer.Ordinal);

    /// <summary>Creates the rules over the fences in <paramref name="geofences"/>.</summary>
    public DeviceRules(AlarmRuleOptions options, DeviceRegistry registry, GeofenceIndex geofences)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _registry = registry;
        _fences = new GeofenceEvaluator(geofences);
        foreach (var (kindName, rules) in options.DisabledRules)
        {
            if (RegistryNames.TryParseDeviceKind(kindName, out var kind))
            {
                _disabled[kind] = [.. rules.Select(r => AlarmNames.TryParseKind(r, out var k) ? k : 0)];
            }
        }
    }

    /// <summary>Evaluates one stored uplink (a merged duplicate counts only as a sighting).</summary>
    public void Evaluate(AcceptedUplink uplink, DeviceRuleState state, List<AlarmIntent> intents)
    {
        ArgumentNullException.ThrowIfNull(uplink);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(intents);
        var device = uplink.Device;
        if (uplink.ReceivedAt >= state.LastHeard)
        {
            state.LastHeard = uplink.ReceivedAt;
            state.SilentRaised = false;
        }

        if (_registry.TryGetActiveTheft(device.Id, out var theft))
        {
            // Every reception of a stolen bike is a sighting, whichever receiver heard it.
            var reception = uplink.Receptions[^1];
            Add(intents, uplink, AlarmKind.StolenBikeSighted, AlarmSeverity.Critical, $"theft:{theft.Id}",
                $"police report {theft.PoliceReportNumber}; heard by {reception.ReceiverId}", [reception.ReceiverId]);
        }

        if (uplink.IsDuplicate)
        {
            return;
        }

        var frame = uplink.Frame;
        var rising = frame.Flags & ~state.PreviousFlags;
        state.PreviousFlags = frame.Flags;
        var eventCode = frame.Type == FrameType.AlarmEvent ? frame.Event : 0;

        Condition(intents, uplink, eventCode == AlarmEventCode.Sos || (rising & DeviceStatusFlags.Sos) != 0, AlarmKind.Sos, AlarmSeverity.Critical, "sos");
        Condition(intents, uplink, eventCode == AlarmEventCode.Fall || (rising & DeviceStatusFlags.Fall) != 0, AlarmKind.Fall, AlarmSeverity.Critical, "fall");
        if (device.Kind != DeviceKind.EbikeChip)
        {
            Condition(intents, uplink, eventCode == AlarmEventCode.Removed || (rising & DeviceStatusFlags.Removed) != 0,
                AlarmKind.WristbandRemoved, AlarmSeverity.High, "removed");
        }
        else
        {
            Condition(intents, uplink, eventCode == AlarmEventCode.Tamper || (rising & DeviceStatusFlags.Tamper) != 0,
                AlarmKind.Tamper, AlarmSeverity.High, "tamper");
            EvaluateMovement(uplink, state, intents, eventCode, rising);
        }

        EvaluateBattery(uplink, state, intents, eventCode);
        if (uplink.Location is { } location)
        {
            state.LastLocation = location;
            AddFenceIntents(device, _fences.Evaluate(device, location, uplink.ReceivedAt, ZoneOf(device), state.Fences), location, intents);
        }
    }

    /// <summary>Counts a forged or replayed frame claiming to be <paramref name="device"/>; repeated ones raise a security alarm.</summary>
    public void Suspicious(Device device, string receiverId, DateTimeOffset at, UplinkOutcome outcome, DeviceRuleState state, List<AlarmIntent> intents)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(intents);
        var recent = state.Suspicious ??= new Queue<DateTimeOffset>();
        recent.Enqueue(at);
        while (recent.Count > 0 && at - recent.Peek() > _options.SecurityWindow)
        {
            recent.Dequeue();
        }

        if (recent.Count >= _options.SecurityThreshold && IsEnabled(device, AlarmKind.Security))
        {
            recent.Clear();
            intents.Add(new AlarmIntent
            {
                Kind = AlarmKind.Security,
                Severity = AlarmSeverity.High,
                ConditionKey = "security",
                DeviceId = device.Id,
                Subject = device.DisplayName,
                HomeCommunityId = device.CommunityId,
                SeenCommunityId = CommunityOf(receiverId),
                ReceiverIds = [receiverId],
                At = at,
                Detail = $"{_options.SecurityThreshold} frames with a {(outcome == UplinkOutcome.BadMic ? "wrong MIC" : "used counter")} within {_options.SecurityWindow}; someone may be forging this device",
            });
        }
    }

    /// <summary>
    /// Time-based device rules: geofence crossings confirmed by time, and silent too long. Returns whether what is
    /// stored of the device's memory changed (<see cref="DeviceRuleState.ToMemory"/>): a crossing confirmed, a silence reported.
    /// </summary>
    public bool Tick(Device device, DeviceRuleState state, DateTimeOffset now, List<AlarmIntent> intents)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(intents);
        var changed = false;
        if (state.Fences.Count > 0)
        {
            // A crossing confirmed by time has no new fix: the device's last one stands for it.
            var transitions = _fences.Tick(device, now, ZoneOf(device), state.Fences);
            changed = transitions.Count > 0;
            AddFenceIntents(device, transitions, state.LastLocation, intents);
        }

        if (state.SilentRaised || state.LastHeard == default || !IsEnabled(device, AlarmKind.SilentTooLong))
        {
            return changed;
        }

        var silentAfter = device.SilentTimeout ?? (device.Kind == DeviceKind.EbikeChip ? _options.ChipSilentAfter : _options.WristbandSilentAfter);
        if (now - state.LastHeard < silentAfter)
        {
            return changed;
        }

        state.SilentRaised = true;
        intents.Add(new AlarmIntent
        {
            Kind = AlarmKind.SilentTooLong,
            Severity = device.Kind == DeviceKind.EbikeChip ? AlarmSeverity.Medium : AlarmSeverity.High,
            ConditionKey = "silent",
            DeviceId = device.Id,
            Subject = device.DisplayName,
            HomeCommunityId = device.CommunityId,
            At = now,
            Detail = $"not heard since {state.LastHeard:u} (limit {silentAfter})",
        });
        return true;
    }

    private void EvaluateMovement(AcceptedUplink uplink, DeviceRuleState state, List<AlarmIntent> intents, AlarmEventCode eventCode, DeviceStatusFlags rising)
    {
        var armed = (uplink.Frame.Flags & DeviceStatusFlags.Armed) != 0;
        if (!armed)
        {
            state.ArmedAt = null;
            return;
        }

        var movedBySensor = eventCode == AlarmEventCode.MovedWhileArmed || (rising & DeviceStatusFlags.Moving) != 0;
        string? detail = movedBySensor ? "motion sensor" : null;
        if (uplink.Location is { } here)
        {
            if (state.ArmedAt is not { } parked)
            {
                state.ArmedAt = here;
            }
            else
            {
                // Moved only when the two positions are apart by more than both accuracies and the threshold.
                var distance = LocalGeodesy.DistanceMetres(parked.Point, here.Point);
                if (distance > _options.MovedWhileArmedMetres + parked.AccuracyMetres + here.AccuracyMetres)
                {
                    detail = $"{distance:F0} m from where it was parked";
                }
            }
        }

        Condition(intents, uplink, detail is not null, AlarmKind.MovedWhileArmed, AlarmSeverity.High, "moved", detail);
    }

    private void EvaluateBattery(AcceptedUplink uplink, DeviceRuleState state, List<AlarmIntent> intents, AlarmEventCode eventCode)
    {
        var device = uplink.Device;
        var threshold = device.LowBatteryPercent ?? _options.LowBatteryPercent;
        var battery = uplink.Frame.BatteryPercent;
        var low = eventCode == AlarmEventCode.LowBattery ||
            (uplink.Frame.Flags & DeviceStatusFlags.LowBattery) != 0 ||
            (battery is { } percent && percent <= threshold);
        if (low && !state.LowBatteryLatched)
        {
            state.LowBatteryLatched = true;
            Condition(intents, uplink, true, AlarmKind.LowBattery, AlarmSeverity.Medium, "battery", battery is { } p ? $"battery {p} %" : null);
        }
        else if (!low && battery is { } level && level > threshold + 5)
        {
            // A little hysteresis, so a battery hovering at the threshold does not raise again and again.
            state.LowBatteryLatched = false;
        }
    }

    private void Condition(
        List<AlarmIntent> intents, AcceptedUplink uplink, bool holds, AlarmKind kind, AlarmSeverity severity, string key, string? detail = null)
    {
        if (!holds || !IsEnabled(uplink.Device, kind))
        {
            return;
        }

        Add(intents, uplink, kind, severity, key, detail, ReceiverIds(uplink.Receptions));
    }

    private static string[] ReceiverIds(IReadOnlyList<Reception> receptions)
    {
        var ids = new string[receptions.Count];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = receptions[i].ReceiverId;
        }

        return ids;
    }

    private void Add(
        List<AlarmIntent> intents, AcceptedUplink uplink, AlarmKind kind, AlarmSeverity severity, string key, string? detail, string[] receivers)
    {
        if (!IsEnabled(uplink.Device, kind))
        {
            return;
        }

        intents.Add(new AlarmIntent
        {
            Kind = kind,
            Severity = severity,
            ConditionKey = key,
            DeviceId = uplink.Device.Id,
            Subject = uplink.Device.DisplayName,
            HomeCommunityId = uplink.Device.CommunityId,
            SeenCommunityId = CommunityOf(receivers.Length > 0 ? receivers[^1] : null),
            Location = uplink.Location,
            ReceiverIds = receivers,
            At = uplink.Receptions[^1].ReceivedAt,
            Detail = detail,
        });
    }

    private void AddFenceIntents(Device device, IReadOnlyList<FenceTransition> transitions, Location? location, List<AlarmIntent> intents)
    {
        for (var i = 0; i < transitions.Count; i++)
        {
            var transition = transitions[i];
            var kind = transition.Mode == GeofenceMode.KeepIn ? AlarmKind.LeftSafeZone : AlarmKind.EnteredForbiddenZone;
            if (!transition.IsAlarm || !IsEnabled(device, kind))
            {
                continue;
            }

            intents.Add(new AlarmIntent
            {
                Kind = kind,
                Severity = AlarmSeverity.High,
                ConditionKey = $"fence:{transition.FenceId}",
                DeviceId = device.Id,
                Subject = device.DisplayName,
                HomeCommunityId = device.CommunityId,
                Location = location,
                At = transition.At,
                Detail = $"{(kind == AlarmKind.LeftSafeZone ? "left" : "entered")} {transition.FenceName}",
            });
        }
    }

    private TimeZoneInfo ZoneOf(Device device)
    {
        if (_zones.TryGetValue(device.CommunityId, out var zone))
        {
            return zone;
        }

        zone = Community.ZoneOf(_registry.TryGetCommunity(device.CommunityId, out var community) ? community : null);
        _zones[device.CommunityId] = zone;
        return zone;
    }

    private string? CommunityOf(string? receiverId) =>
        receiverId is not null && _registry.TryGetReceiver(receiverId, out var receiver) ? receiver.CommunityId : null;

    private bool IsEnabled(Device device, AlarmKind kind) => !(_disabled.TryGetValue(device.Kind, out var off) && off.Contains(kind));
}
