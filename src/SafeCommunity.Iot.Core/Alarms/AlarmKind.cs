namespace SafeCommunity.Iot.Core.Alarms;

/// <summary>What an alarm is about.</summary>
public enum AlarmKind
{
    /// <summary>The SOS button was pressed (<c>sos</c>).</summary>
    Sos = 1,

    /// <summary>A fall was detected (<c>fall</c>).</summary>
    Fall = 2,

    /// <summary>A wristband was taken off (<c>wristband-removed</c>).</summary>
    WristbandRemoved = 3,

    /// <summary>A chip was removed from its bike (<c>tamper</c>).</summary>
    Tamper = 4,

    /// <summary>An armed bike moved (<c>moved-while-armed</c>).</summary>
    MovedWhileArmed = 5,

    /// <summary>A bike reported stolen was heard (<c>stolen-bike-sighted</c>).</summary>
    StolenBikeSighted = 6,

    /// <summary>A wearer left a keep-in zone (<c>left-safe-zone</c>).</summary>
    LeftSafeZone = 7,

    /// <summary>A device entered a keep-out zone (<c>entered-forbidden-zone</c>).</summary>
    EnteredForbiddenZone = 8,

    /// <summary>A device has not been heard for too long (<c>silent-too-long</c>).</summary>
    SilentTooLong = 9,

    /// <summary>A device's battery is low (<c>low-battery</c>).</summary>
    LowBattery = 10,

    /// <summary>A base station stopped sending its status (<c>receiver-silent</c>).</summary>
    ReceiverSilent = 11,

    /// <summary>Repeated forged or replayed frames for a device id (<c>security</c>).</summary>
    Security = 12,
}
