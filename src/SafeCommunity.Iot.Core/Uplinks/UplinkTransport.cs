namespace SafeCommunity.Iot.Core.Uplinks;

/// <summary>How a frame reached the gateway.</summary>
public enum UplinkTransport
{
    /// <summary>A serial receiver's link record (base station or patrol receiver).</summary>
    Serial = 1,

    /// <summary>A LoRa point-to-point module on a serial port.</summary>
    LoRaP2P = 2,

    /// <summary>A LoRaWAN network server's MQTT integration.</summary>
    LoRaWan = 3,
}
