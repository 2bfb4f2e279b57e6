namespace SafeCommunity.Iot.Receivers.LoRaWan.Hosting;

/// <summary>The network server downlinks are addressed to (uplinks of every kind are read whatever this says).</summary>
public enum NetworkServerKind
{
    /// <summary>ChirpStack (v4; v3 reads the same downlink body): <c>application/{ApplicationId}/device/{devEui}/command/down</c>.</summary>
    ChirpStack = 1,

    /// <summary>The Things Stack v3: <c>v3/{ApplicationId}@{TenantId}/devices/{device id}/down/push</c>.</summary>
    TheThingsStack = 2,
}
