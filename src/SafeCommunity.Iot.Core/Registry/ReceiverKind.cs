namespace SafeCommunity.Iot.Core.Registry;

/// <summary>How a receiver hears devices and where its position comes from.</summary>
public enum ReceiverKind
{
    /// <summary>A base station on a pole or gate, on a serial line, at a fixed position (<c>fixed-base-station</c>).</summary>
    FixedBaseStation = 1,

    /// <summary>A receiver on a patrol car or motorbike, placed by its own GNSS (<c>mobile</c>).</summary>
    Mobile = 2,

    /// <summary>A LoRa radio module in point-to-point mode on a serial port (<c>lora-p2p-module</c>).</summary>
    LoRaP2PModule = 3,

    /// <summary>A LoRaWAN gateway whose uplinks arrive through a network server (<c>lorawan-gateway</c>).</summary>
    LoRaWanGateway = 4,
}
