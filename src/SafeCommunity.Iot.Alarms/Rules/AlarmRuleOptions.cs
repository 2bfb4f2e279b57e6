using System.ComponentModel.DataAnnotations;

namespace SafeCommunity.Iot.Alarms.Rules;

/// <summary>Alarm rules and their defaults (configuration section <c>Alarms</c>).</summary>
public sealed class AlarmRuleOptions : IValidatableObject
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Alarms";

    /// <summary>A critical alarm not acknowledged in this time escalates.</summary>
    public TimeSpan EscalateAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>A wristband not heard for this long raises "silent too long" (a device's own setting wins).</summary>
    public TimeSpan WristbandSilentAfter { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>A chip not heard for this long raises "silent too long" (a device's own setting wins).</summary>
    public TimeSpan ChipSilentAfter { get; set; } = TimeSpan.FromHours(24);

    /// <summary>At or below this battery percent a device raises "low battery" (a device's own setting wins).</summary>
    [Range(1, 99)]
    public int LowBatteryPercent { get; set; } = 20;

    /// <summary>A fixed base station whose status reports stop for this long raises "receiver silent".</summary>
    public TimeSpan ReceiverSilentAfter { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>This many forged or replayed frames for one device id...</summary>
    [Range(1, 10_000)]
    public int SecurityThreshold { get; set; } = 5;

    /// <summary>...within this time raise a security alarm.</summary>
    public TimeSpan SecurityWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>An armed bike located this far (beyond the accuracy of both positions) from where it was armed has moved.</summary>
    [Range(1, 10_000)]
    public double MovedWhileArmedMetres { get; set; } = 50;

    /// <summary>How often time-based rules (silent, geofence timers, escalation, receivers) are checked.</summary>
    public TimeSpan TickInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Rules switched off for a kind of device: keys <c>ebike-chip</c>, <c>elder-wristband</c>, <c>child-wristband</c>; values alarm kinds (<c>low-battery</c>, ...).</summary>
    public Dictionary<string, List<string>> DisabledRules { get; set; } = [];

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, value) in new[]
        {
            (nameof(EscalateAfter), EscalateAfter), (nameof(WristbandSilentAfter), WristbandSilentAfter),
            (nameof(ChipSilentAfter), ChipSilentAfter), (nameof(ReceiverSilentAfter), ReceiverSilentAfter),
            (nameof(SecurityWindow), SecurityWindow), (nameof(TickInterval), TickInterval),
        })
        {
            if (value <= TimeSpan.Zero)
            {
                yield return new ValidationResult($"Alarms:{name} must be positive.", [name]);
            }
        }

        foreach (var (kind, rules) in DisabledRules)
        {
            if (!Core.Registry.RegistryNames.TryParseDeviceKind(kind, out _))
            {
                yield return new ValidationResult($"Alarms:DisabledRules: unknown device kind '{kind}'.", [nameof(DisabledRules)]);
            }

            foreach (var rule in rules)
            {
                if (!AlarmNames.TryParseKind(rule, out _))
                {
                    yield return new ValidationResult($"Alarms:DisabledRules:{kind}: unknown alarm kind '{rule}'.", [nameof(DisabledRules)]);
                }
            }
        }
    }
}
