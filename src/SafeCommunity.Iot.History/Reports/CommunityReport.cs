using SafeCommunity.Iot.Core.Alarms;
using SafeCommunity.Iot.Core.Registry;

namespace SafeCommunity.Iot.History.Reports;

/// <summary>
/// How a community's alarms went in a period, for the bureau measuring its police rooms (docs/history.md,
/// "Community reports"). Every count is of alarms raised in the period, whose home or seen community is this one
/// (what the community's police room is shown).
/// </summary>
/// <param name="Community">The community.</param>
/// <param name="Period">The days counted.</param>
/// <param name="Raised">Alarms raised in the period.</param>
/// <param name="ByKind">Raised alarms per kind, every kind with at least one, most first.</param>
/// <param name="PerDay">Raised alarms per day of the period, every day, in order.</param>
/// <param name="Acknowledge">
/// From raised to the first person's answer: acknowledged, or resolved by a person without an acknowledgement first.
/// </param>
/// <param name="AcknowledgeDistribution">The same durations as bars.</param>
/// <param name="Resolve">From raised to resolved by a person.</param>
/// <param name="Unanswered">Alarms no person has answered yet (still open, not cleared by the gateway).</param>
/// <param name="ClearedByGateway">Alarms the gateway resolved itself because their cause ended (a silent device heard again).</param>
/// <param name="Escalated">Alarms escalated because nobody acknowledged them in time.</param>
/// <param name="SilentDevices">Devices with a silent-too-long alarm.</param>
/// <param name="LowBatteryDevices">Devices with a low-battery alarm.</param>
/// <param name="ReceiversDown">Receivers with a receiver-silent alarm.</param>
/// <param name="GeneratedAt">When the report was made; alarms answered later are not in it.</param>
/// <param name="GeneratedBy">Who asked for it (the token's name).</param>
public sealed record CommunityReport(
    Community Community,
    ReportPeriod Period,
    int Raised,
    IReadOnlyList<KindCount> ByKind,
    IReadOnlyList<DayCount> PerDay,
    ResponseTimes Acknowledge,
    IReadOnlyList<ResponseBucket> AcknowledgeDistribution,
    ResponseTimes Resolve,
    int Unanswered,
    int ClearedByGateway,
    int Escalated,
    IReadOnlyList<DeviceIncidents> SilentDevices,
    IReadOnlyList<DeviceIncidents> LowBatteryDevices,
    IReadOnlyList<ReceiverOutages> ReceiversDown,
    DateTimeOffset GeneratedAt,
    string GeneratedBy);

/// <summary>How many alarms of one kind were raised.</summary>
public sealed record KindCount(AlarmKind Kind, int Alarms);

/// <summary>How many alarms were raised on one day.</summary>
public sealed record DayCount(DateOnly Day, int Alarms);

/// <summary>A device that raised alarms of one kind, and how many times.</summary>
/// <param name="DeviceId">The device.</param>
/// <param name="Label">Its name on the alarms (the registry's display name).</param>
/// <param name="Alarms">How many such alarms it raised.</param>
public sealed record DeviceIncidents(uint DeviceId, string Label, int Alarms);

/// <summary>A receiver that went silent, how often and for how long in all.</summary>
/// <param name="ReceiverId">The receiver.</param>
/// <param name="Label">Its name on the alarms.</param>
/// <param name="Outages">How many times it went silent.</param>
/// <param name="Down">
/// How long it was silent inside the period: from each alarm's raising to the receiver being heard again, or to the
/// period's end (or the report's making) while it is still silent.
/// </param>
/// <param name="DownNow">Whether it is still silent when the report was made.</param>
public sealed record ReceiverOutages(string ReceiverId, string Label, int Outages, TimeSpan Down, bool DownNow);
