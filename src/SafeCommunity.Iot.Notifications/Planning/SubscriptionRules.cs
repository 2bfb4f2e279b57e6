using System.Security.Cryptography;
using MimeKit;
using SafeCommunity.Iot.Core.Notifications;
using SafeCommunity.Iot.Notifications.Hosting;

namespace SafeCommunity.Iot.Notifications.Planning;

/// <summary>What a new subscription must be, whoever makes it (the API checks the scope; this the rest).</summary>
public static class SubscriptionRules
{
    /// <summary>The longest address.</summary>
    public const int MaxAddressLength = 2048;

    /// <summary>
    /// Why <paramref name="address"/> cannot be used on <paramref name="channel"/> with these settings, or null:
    /// a webhook needs an absolute http or https URL (not into a loopback, private or link-local network unless
    /// <paramref name="allowPrivate"/>), an SMS a phone number and a configured gateway, an e-mail an address and a
    /// configured SMTP server.
    /// </summary>
    public static string? AddressProblem(NotificationChannel channel, string address, NotificationOptions options, bool allowPrivate)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(options);
        if (address.Length is 0 or > MaxAddressLength)
        {
            return $"must be given, at most {MaxAddressLength} characters";
        }

        return channel switch
        {
            NotificationChannel.Webhook when !Uri.TryCreate(address, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") =>
                "must be an absolute http or https URL for a webhook",
            NotificationChannel.Webhook when !allowPrivate && IsPrivate(new Uri(address)) =>
                "must not point at a loopback, private or link-local address (an administrator may, or Notifications:AllowPrivateWebhooks)",
            NotificationChannel.Webhook => null,
            NotificationChannel.Sms when options.Sms.Url is null => "cannot be an SMS: the gateway has no SMS provider (Notifications:Sms:Url)",
            NotificationChannel.Sms => IsPhoneNumber(address) ? null : "must be a phone number (digits, an optional leading +) for an SMS",
            NotificationChannel.Email when options.Email.Host is null => "cannot be an e-mail: the gateway has no SMTP server (Notifications:Email:Host)",
            NotificationChannel.Email => MailboxAddress.TryParse(address, out var mailbox) && mailbox.Address.Contains('@', StringComparison.Ordinal)
                ? null
                : "must be an e-mail address",
            _ => "names no known channel",
        };
    }

    /// <summary>A new subscription id (<c>sub-</c> and 16 random hex digits).</summary>
    public static string NewId() => "sub-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    /// <summary>A new webhook signing secret: 32 random bytes as hex.</summary>
    public static string NewSecret() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    // An IP literal or localhost only: a name that resolves into a private network is not caught here (the resolver's
    // answer may change after the check); docs/notifications.md says so.
    private static bool IsPrivate(Uri uri)
    {
        if (uri.IsLoopback || string.Equals(uri.IdnHost, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (!System.Net.IPAddress.TryParse(uri.IdnHost, out var ip))
        {
            return false;
        }

        if (ip.IsIPv4MappedToIPv6)
        {
            ip = ip.MapToIPv4();
        }

        if (ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            return ip.IsIPv6LinkLocal || ip.IsIPv6SiteLocal || ip.IsIPv6UniqueLocal || System.Net.IPAddress.IPv6Any.Equals(ip);
        }

        var b = ip.GetAddressBytes();
        return b[0] is 10 or 127 or 0
            || (b[0] == 172 && b[1] is >= 16 and <= 31)
            || (b[0] == 192 && b[1] == 168)
            || (b[0] == 169 && b[1] == 254)
            || (b[0] == 100 && b[1] is >= 64 and <= 127);
    }

    private static bool IsPhoneNumber(string address)
    {
        var digits = address.StartsWith('+') ? address.AsSpan(1) : address.AsSpan();
        return digits.Length is >= 5 and <= 20 && !digits.ContainsAnyExceptInRange('0', '9');
    }
}
