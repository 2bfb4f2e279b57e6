namespace SafeCommunity.Iot.Core.Registry;

/// <summary>What a device is; rules and defaults depend on it.</summary>
public enum DeviceKind
{
    /// <summary>An anti-theft chip on an e-bike or motorbike (<c>ebike-chip</c>).</summary>
    EbikeChip = 1,

    /// <summary>A safety wristband worn by an elder (<c>elder-wristband</c>).</summary>
    ElderWristband = 2,

    /// <summary>A safety wristband worn by a child (<c>child-wristband</c>).</summary>
    ChildWristband = 3,
}
