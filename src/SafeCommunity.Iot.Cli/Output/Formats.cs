using System.Globalization;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using SafeCommunity.Iot.Cli.Cli;
using SafeCommunity.Iot.Contracts.V1;

namespace SafeCommunity.Iot.Cli.Output;

/// <summary>How values read in tables and details: local times, places with their accuracy, ages, enum names.</summary>
internal static class Formats
{
    private static readonly JsonFormatter Json = new(JsonFormatter.Settings.Default.WithFormatEnumsAsIntegers(false));

    /// <summary>A protobuf message as one line of the canonical proto3 JSON mapping (the <c>--json</c> output).</summary>
    public static string JsonLine(IMessage message) => Json.Format(message);

    /// <summary>A timestamp in the local time zone of <paramref name="time"/>: <c>2026-05-01 14:03:22</c>; "-" when absent.</summary>
    public static string LocalTime(Timestamp? timestamp, TimeProvider time)
    {
        if (timestamp is null)
        {
            return "-";
        }

        var local = TimeZoneInfo.ConvertTime(timestamp.ToDateTimeOffset(), time.LocalTimeZone);
        return local.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
    }

    /// <summary>A position: <c>26.56100,105.01234 ±35 m</c>; "-" when absent.</summary>
    public static string Place(Location? location)
    {
        if (location is null)
        {
            return "-";
        }

        return string.Create(
            CultureInfo.InvariantCulture,
            $"{location.Latitude:0.00000},{location.Longitude:0.00000} ±{Math.Round(location.AccuracyMetres):0} m");
    }

    /// <summary>How long ago <paramref name="timestamp"/> was: <c>3 min ago</c>; "-" when absent.</summary>
    public static string Ago(Timestamp? timestamp, TimeProvider time)
    {
        if (timestamp is null)
        {
            return "-";
        }

        var age = time.GetUtcNow() - timestamp.ToDateTimeOffset();
        return age < TimeSpan.Zero ? "in " + Durations.Humanize(age) : Durations.Humanize(age) + " ago";
    }

    /// <summary>A whole number without grouping.</summary>
    public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>The communities an alarm touches: its home, and where it was seen when that differs (<c>wufu→tiangu</c>).</summary>
    public static string Community(Alarm alarm)
    {
        var home = alarm.HomeCommunityId;
        var seen = alarm.SeenCommunityId;
        if (seen.Length == 0 || string.Equals(seen, home, StringComparison.Ordinal))
        {
            return home;
        }

        return (home.Length == 0 ? "?" : home) + "→" + seen;
    }

    /// <summary>What an alarm concerns: its subject, else the device or receiver.</summary>
    public static string Subject(Alarm alarm)
    {
        if (alarm.Subject.Length > 0)
        {
            return alarm.Subject;
        }

        if (alarm.DeviceId != 0)
        {
            return "device " + alarm.DeviceId.ToString(CultureInfo.InvariantCulture);
        }

        return alarm.ReceiverId.Length > 0 ? "receiver " + alarm.ReceiverId : "-";
    }

    /// <summary>The short name of a contract enum value (<c>stolen-bike-sighted</c>, <c>high</c>, <c>ebike-chip</c>).</summary>
    public static string Name<T>(T value)
        where T : struct, System.Enum => ProtoNames<T>.Name(value);
}
