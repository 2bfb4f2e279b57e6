namespace SafeCommunity.Iot.Receivers.LoRaWan.NetworkServers;

/// <summary>Which network server (and which of its JSON shapes) an uplink event came from.</summary>
public enum NetworkServerFormat
{
    /// <summary>Not known (the message was not an uplink).</summary>
    Unknown = 0,

    /// <summary>ChirpStack v4: <c>application/{id}/device/{devEui}/event/up</c>, fields <c>deviceInfo</c>, <c>rxInfo[].gatewayId</c>.</summary>
    ChirpStackV4,

    /// <summary>ChirpStack v3.11+: <c>application/{id}/device/{devEUI}/event/up</c>, fields <c>devEUI</c>, <c>rxInfo[].gatewayID</c>, <c>loRaSNR</c>.</summary>
    ChirpStackV3,

    /// <summary>ChirpStack (LoRa App Server) before v3.11: <c>application/{id}/device/{devEUI}/rx</c>, legacy JSON.</summary>
    ChirpStackV3Legacy,

    /// <summary>The Things Stack v3: <c>v3/{app}@{tenant}/devices/{device id}/up</c>, fields <c>end_device_ids</c>, <c>uplink_message</c>.</summary>
    TheThingsStackV3,
}
