namespace SafeCommunity.Iot.Core.Downlinks;

/// <summary>What became of a downlink command.</summary>
public enum DownlinkStatus
{
    /// <summary>The device acknowledged it; <see cref="DownlinkResult.CommandResult"/> says whether it carried it out.</summary>
    Acknowledged = 1,

    /// <summary>
    /// Published, but no acknowledgement arrived in time. The network server may still deliver it at the device's
    /// next uplink (class A), so the device may carry it out later.
    /// </summary>
    TimedOut,

    /// <summary>No device with that id is enrolled.</summary>
    UnknownDevice,

    /// <summary>The device has no LoRaWAN identity the network server knows it by (DevEUI, or The Things Stack device id).</summary>
    NotAddressable,

    /// <summary>The command or its argument is not valid (PROTOCOL.md §1.3).</summary>
    InvalidCommand,

    /// <summary>The gateway is not configured for downlinks (no application id, or the LoRaWAN receiver is off).</summary>
    NotConfigured,

    /// <summary>The gateway is not connected to the broker, or the broker refused the message; nothing was sent.</summary>
    NotConnected,

    /// <summary>Too many commands are waiting for acknowledgements; nothing was sent.</summary>
    TooManyPending,
}
