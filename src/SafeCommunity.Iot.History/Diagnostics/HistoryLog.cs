using Microsoft.Extensions.Logging;

namespace SafeCommunity.Iot.History.Diagnostics;

/// <summary>The history's log messages. They name devices and servers, never a position (a resident's whereabouts).</summary>
internal static partial class HistoryLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Warning,
        Message = "The trail of device {DeviceId} before {RecentSince:O} could not be read from the long history: {Reason}; the answer carries the embedded store's recent part and says so")]
    public static partial void ArchiveUnreadable(ILogger logger, uint deviceId, DateTimeOffset recentSince, string reason);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning,
        Message = "The signal strengths of device {DeviceId}'s sightings could not be read from the long history: {Reason}; the case file lists the sightings without them and says so")]
    public static partial void SignalsUnreadable(ILogger logger, uint deviceId, string reason);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information,
        Message = "Case file of bike {DeviceId} (theft report {ReportId}) built for {Caller}: {Sightings} sightings, {TrailPoints} trail points, {Warnings} warnings")]
    public static partial void CaseFileBuilt(ILogger logger, uint deviceId, long reportId, string caller, int sightings, int trailPoints, int warnings);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information,
        Message = "Report of community {CommunityId} for {FirstDay:yyyy-MM-dd}..{LastDay:yyyy-MM-dd} built for {Caller}: {Alarms} alarms")]
    public static partial void CommunityReportBuilt(ILogger logger, string communityId, DateOnly firstDay, DateOnly lastDay, string caller, int alarms);
}
