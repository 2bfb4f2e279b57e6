using System.Globalization;
using System.Text;
using SafeCommunity.Iot.Alarms;

namespace SafeCommunity.Iot.History.Reports;

/// <summary>
/// A community report as CSV (RFC 4180, UTF-8 with a byte-order mark so a spreadsheet opens the Chinese names right):
/// one figure per row, <c>community,first_day,last_day,section,item,label,value</c>, so a bureau can stack the reports
/// of every community and period into one sheet and pivot it. Durations are whole seconds; an empty value is a
/// figure that does not exist (no median of zero answers).
/// </summary>
public static class CommunityReportCsv
{
    /// <summary>The header row.</summary>
    public const string Header = "community,first_day,last_day,section,item,label,value";

    /// <summary>The report's rows, header first, as UTF-8 bytes.</summary>
    public static byte[] Write(CommunityReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var rows = new Rows(report);
        rows.Add("summary", "raised", report.Raised);
        rows.Add("summary", "unanswered", report.Unanswered);
        rows.Add("summary", "cleared_by_gateway", report.ClearedByGateway);
        rows.Add("summary", "escalated", report.Escalated);
        rows.Add("summary", "silent_devices", report.SilentDevices.Count);
        rows.Add("summary", "low_battery_devices", report.LowBatteryDevices.Count);
        rows.Add("summary", "receivers_down", report.ReceiversDown.Count);
        rows.Times("time_to_acknowledge_s", report.Acknowledge);
        rows.Times("time_to_resolve_s", report.Resolve);
        foreach (var kind in report.ByKind)
        {
            rows.Add("alarms_by_kind", kind.Kind.Name(), kind.Alarms);
        }

        foreach (var day in report.PerDay)
        {
            rows.Add("alarms_per_day", day.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), day.Alarms);
        }

        foreach (var bar in report.AcknowledgeDistribution)
        {
            rows.Add("time_to_acknowledge_distribution", BarName(bar), bar.Alarms);
        }

        foreach (var device in report.SilentDevices)
        {
            rows.Add("silent_device", device.DeviceId.ToString(CultureInfo.InvariantCulture), device.Alarms, device.Label);
        }

        foreach (var device in report.LowBatteryDevices)
        {
            rows.Add("low_battery_device", device.DeviceId.ToString(CultureInfo.InvariantCulture), device.Alarms, device.Label);
        }

        foreach (var receiver in report.ReceiversDown)
        {
            rows.Add("receiver_outages", receiver.ReceiverId, receiver.Outages, receiver.Label);
            rows.Add("receiver_down_s", receiver.ReceiverId, Rows.Seconds(receiver.Down), receiver.Label);
        }

        return rows.ToBytes();
    }

    /// <summary>A bar's name in seconds: <c>0-30</c>, ..., <c>3600-</c> for the open-ended last one.</summary>
    public static string BarName(ResponseBucket bar)
    {
        ArgumentNullException.ThrowIfNull(bar);
        return string.Create(CultureInfo.InvariantCulture, $"{(long)bar.AtLeast.TotalSeconds}-{(bar.Under is { } under ? (long)under.TotalSeconds : null)}");
    }

    private sealed class Rows
    {
        private readonly StringBuilder _text = new();
        private readonly string _prefix;

        public Rows(CommunityReport report)
        {
            _prefix = string.Join(',', Field(report.Community.Id), report.Period.FirstDay.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                report.Period.LastDay.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            _text.Append(Header).Append("\r\n");
        }

        public void Add(string section, string item, long? value, string label = "") =>
            _text.Append(_prefix).Append(',').Append(section).Append(',').Append(Field(item)).Append(',').Append(Field(label)).Append(',')
                .Append(value?.ToString(CultureInfo.InvariantCulture)).Append("\r\n");

        public void Times(string section, ResponseTimes times)
        {
            Add(section, "answered", times.Answered);
            Add(section, "median", Seconds(times.Median));
            Add(section, "p90", Seconds(times.P90));
            Add(section, "longest", Seconds(times.Longest));
        }

        public byte[] ToBytes() => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(_text.ToString())];

        public static long? Seconds(TimeSpan? duration) => duration is { } value ? (long)Math.Round(value.TotalSeconds) : null;

        // Quoted only when needed; a leading =, +, - or @ is defused so a spreadsheet never runs a label as a formula.
        private static string Field(string value)
        {
            if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@')
            {
                value = "'" + value;
            }

            return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
        }
    }
}
