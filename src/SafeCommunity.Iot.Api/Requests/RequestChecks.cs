using SafeCommunity.Iot.Api.Access;

namespace SafeCommunity.Iot.Api.Requests;

/// <summary>Checks shared by the services; each names the field it rejects.</summary>
internal static class RequestChecks
{
    /// <summary>A defined, non-zero enum value.</summary>
    public static TEnum Defined<TEnum>(TEnum value, string field)
        where TEnum : struct, Enum =>
        Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture) != 0 && Enum.IsDefined(value)
            ? value
            : throw ApiErrors.Invalid(field, $"'{value}' is not one of the values this gateway knows.");

    /// <summary>A device id (1..4294967295).</summary>
    public static uint DeviceId(uint value, string field = "device_id") =>
        value != 0 ? value : throw ApiErrors.Invalid(field, "is required (1..4294967295).");

    /// <summary>Text of at most <paramref name="maxLength"/> characters, trimmed; required unless <paramref name="optional"/>.</summary>
    public static string Text(string value, string field, int maxLength, bool optional = false)
    {
        var trimmed = value.Trim();
        if (trimmed.Length == 0 && !optional)
        {
            throw ApiErrors.Invalid(field, "is required.");
        }

        return trimmed.Length <= maxLength
            ? trimmed
            : throw ApiErrors.Invalid(field, $"is longer than {maxLength} characters.");
    }

    /// <summary>A duration within bounds; <paramref name="fallback"/> when absent.</summary>
    public static TimeSpan Duration(Google.Protobuf.WellKnownTypes.Duration? value, string field, TimeSpan min, TimeSpan max, TimeSpan fallback)
    {
        if (value is null)
        {
            return fallback;
        }

        if (value.Seconds < 0 || value.Nanos < 0 || value.Seconds > (long)max.TotalSeconds + 1)
        {
            throw ApiErrors.Invalid(field, $"must be between {min} and {max}.");
        }

        var duration = value.ToTimeSpan();
        return duration >= min && duration <= max ? duration : throw ApiErrors.Invalid(field, $"must be between {min} and {max}.");
    }
}
