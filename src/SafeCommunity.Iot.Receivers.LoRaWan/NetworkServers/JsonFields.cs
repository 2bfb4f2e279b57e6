using System.Globalization;
using System.Text.Json;
using SafeCommunity.Iot.Core.Geodesy;

namespace SafeCommunity.Iot.Receivers.LoRaWan.NetworkServers;

/// <summary>
/// Lenient reads of JSON fields: a field may be missing, null, a number written as a string, or of an unexpected
/// type; each read says "not there" instead of throwing.
/// </summary>
internal static class JsonFields
{
    public static bool TryGetObject(this JsonElement element, string name, out JsonElement value)
    {
        if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out value) && value.ValueKind == JsonValueKind.Object)
        {
            return true;
        }

        value = default;
        return false;
    }

    public static bool TryGetArray(this JsonElement element, string name, out JsonElement value)
    {
        if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out value) && value.ValueKind == JsonValueKind.Array)
        {
            return true;
        }

        value = default;
        return false;
    }

    /// <summary>A non-empty string field, or null.</summary>
    public static string? GetStringOrNull(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) &&
        value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : null;

    /// <summary>Field <paramref name="name"/>, else <paramref name="alternative"/>, whichever is a non-empty string first; or null.</summary>
    public static string? GetStringOrNull(this JsonElement element, string name, string alternative) =>
        element.GetStringOrNull(name) ?? element.GetStringOrNull(alternative);

    /// <summary>A finite number (or a string holding one), or null.</summary>
    public static double? GetDoubleOrNull(this JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out var value))
        {
            return null;
        }

        double number;
        switch (value.ValueKind)
        {
            case JsonValueKind.Number when value.TryGetDouble(out number):
            case JsonValueKind.String when double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out number):
                return double.IsFinite(number) ? number : null;
            default:
                return null;
        }
    }

    /// <summary>A whole number in 0..uint.MaxValue (or a string holding one), or null.</summary>
    public static uint? GetUInt32OrNull(this JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out var value))
        {
            return null;
        }

        uint number;
        switch (value.ValueKind)
        {
            case JsonValueKind.Number when value.TryGetUInt32(out number):
            case JsonValueKind.String when uint.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out number):
                return number;
            default:
                return null;
        }
    }

    /// <summary>A timestamp field (any number of fractional digits), or null.</summary>
    public static DateTimeOffset? GetTimestampOrNull(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) &&
        value.ValueKind == JsonValueKind.String && NetworkTimestamp.TryParse(value.GetString(), out var time)
            ? time
            : null;

    /// <summary>
    /// A <c>location</c> object's latitude and longitude, when both are there, in range, and not 0,0 (what gateways
    /// without a GNSS fix or a configured position report).
    /// </summary>
    public static GeoPoint? GetLocationOrNull(this JsonElement element, string name = "location")
    {
        if (!element.TryGetObject(name, out var location) ||
            location.GetDoubleOrNull("latitude") is not { } latitude ||
            location.GetDoubleOrNull("longitude") is not { } longitude)
        {
            return null;
        }

        var point = new GeoPoint(latitude, longitude);
        return point.IsValid && (latitude != 0 || longitude != 0) ? point : null;
    }
}
