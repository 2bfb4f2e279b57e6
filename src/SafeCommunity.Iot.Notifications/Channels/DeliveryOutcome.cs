using System.Globalization;
using System.Net;

namespace SafeCommunity.Iot.Notifications.Channels;

/// <summary>What one attempt came to.</summary>
public enum DeliveryResult
{
    /// <summary>The receiver accepted it.</summary>
    Delivered = 1,

    /// <summary>It failed in a way that may pass (a 5xx, a timeout, a refused connection): try again later.</summary>
    Retry = 2,

    /// <summary>The receiver refused it for good (a 4xx other than 408 and 429, a rejected mailbox): do not retry.</summary>
    Refused = 3,
}

/// <summary>The result of one attempt and, when it failed, why (no address, no secret, no text in it).</summary>
/// <param name="Result">Delivered, retry or refused.</param>
/// <param name="Reason">Why it failed, or null.</param>
public readonly record struct DeliveryOutcome(DeliveryResult Result, string? Reason)
{
    /// <summary>Accepted.</summary>
    public static DeliveryOutcome Delivered { get; } = new(DeliveryResult.Delivered, null);

    /// <summary>Failed for now.</summary>
    public static DeliveryOutcome Retry(string reason) => new(DeliveryResult.Retry, reason);

    /// <summary>Refused for good.</summary>
    public static DeliveryOutcome Refused(string reason) => new(DeliveryResult.Refused, reason);

    /// <summary>What an HTTP answer means: 2xx delivered; 408, 429 and 5xx retry; any other refused.</summary>
    public static DeliveryOutcome FromHttp(HttpStatusCode status)
    {
        var code = (int)status;
        if (code is >= 200 and < 300)
        {
            return Delivered;
        }

        var reason = string.Create(CultureInfo.InvariantCulture, $"HTTP {code} {status}");
        return code is 408 or 429 or >= 500 ? Retry(reason) : Refused(reason);
    }
}
