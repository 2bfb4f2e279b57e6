using SafeCommunity.Iot.Simulator.Transports;

namespace SafeCommunity.Iot.LoadTest.Traffic;

/// <summary>One ChirpStack uplink ready to publish; <see cref="AlarmDeviceId"/> is the device when it is an SOS press.</summary>
/// <param name="Message">Topic and JSON body.</param>
/// <param name="AlarmDeviceId">The device of an SOS alarm event frame; 0 for a routine frame.</param>
internal sealed record PlannedUplink(ChirpStackMessage Message, uint AlarmDeviceId)
{
    /// <summary>Whether the frame raises an alarm.</summary>
    public bool RaisesAlarm => AlarmDeviceId != 0;
}
