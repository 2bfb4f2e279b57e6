using Google.Protobuf.WellKnownTypes;
using SafeCommunity.Iot.Core.Registry;
using V1 = SafeCommunity.Iot.Contracts.V1;

namespace SafeCommunity.Iot.Api.Mapping;

/// <summary>Devices and theft reports in the contracts' shape; a key never leaves the gateway.</summary>
internal static class DeviceMapping
{
    public static V1.Device ToProto(this Device device, DeviceRegistry registry)
    {
        var message = new V1.Device
        {
            Id = device.Id,
            Kind = (V1.DeviceKind)(int)device.Kind,
            DisplayName = device.DisplayName,
            CommunityId = device.CommunityId,
            Owner = device.Owner,
            DevEui = device.DevEui ?? string.Empty,
            NetworkServerDeviceId = device.NetworkServerDeviceId ?? string.Empty,
            SilentTimeout = device.SilentTimeout is { } timeout ? Duration.FromTimeSpan(timeout) : null,
            ReportedStolen = registry.TryGetActiveTheft(device.Id, out _),
        };
        if (device.LowBatteryPercent is { } low)
        {
            message.LowBatteryPercent = low;
        }

        return message;
    }

    public static V1.TheftReport ToProto(this TheftReport report) => new()
    {
        Id = report.Id,
        DeviceId = report.DeviceId,
        PoliceReportNumber = report.PoliceReportNumber,
        StolenAt = report.StolenAt.ToProto(),
        LastSeenPlace = report.LastSeenPlace ?? string.Empty,
        Description = report.Description ?? string.Empty,
        ReportedBy = report.ReportedBy,
        ReportedAt = report.ReportedAt.ToProto(),
        RecoveredAt = report.RecoveredAt.ToProto(),
    };
}
