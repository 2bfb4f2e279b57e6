using System.Globalization;
using System.Net;
using Microsoft.Extensions.Options;

namespace SafeCommunity.Iot.Receivers.LoRaWan.Hosting;

/// <summary>Checks <see cref="LoRaWanOptions"/> at start, with messages that name the setting and say what is allowed.</summary>
internal sealed class LoRaWanOptionsValidator : IValidateOptions<LoRaWanOptions>
{
    private const string Section = LoRaWanOptions.SectionName;
    private const string BrokerSection = LoRaWanBrokerOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, LoRaWanOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        var failures = new List<string>();
        ValidateConnection(options, failures);
        ValidateTimes(options, failures);
        ValidateTopicFilters(options, failures);
        ValidateDownlinks(options, failures);
        if (options.EmbeddedBrokerEnabled)
        {
            ValidateBroker(options.Broker, failures);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateConnection(LoRaWanOptions options, List<string> failures)
    {
        if (options.Host is { } host && string.IsNullOrWhiteSpace(host))
        {
            failures.Add($"{Section}:Host must be a host name or address, or left out to use the embedded broker.");
        }

        if (options.UsesEmbeddedBroker && options.Broker.Enabled == false)
        {
            failures.Add($"{Section}: no broker to connect to: set {Section}:Host to an external broker, or leave {BrokerSection}:Enabled on.");
        }

        if (options.Port is { } port && port is < 1 or > 65535)
        {
            failures.Add(Invariant($"{Section}:Port must be 1..65535; it is {port}."));
        }

        if (options.UsesEmbeddedBroker && options.UseTls)
        {
            failures.Add($"{Section}:UseTls needs an external broker ({Section}:Host): the embedded broker listens without TLS on {BrokerSection}:BindAddress.");
        }

        if (options.CaCertificatePath is { } ca && (string.IsNullOrWhiteSpace(ca) || !File.Exists(ca)))
        {
            failures.Add($"{Section}:CaCertificatePath must name an existing PEM file with the broker's CA certificate; '{ca}' does not exist.");
        }

        if (string.IsNullOrWhiteSpace(options.ClientId) || options.ClientId.Length > 256)
        {
            failures.Add($"{Section}:ClientId must be 1..256 characters (for example {LoRaWanOptions.DefaultClientId}); the broker keeps the gateway's session under it.");
        }

        if (!string.IsNullOrEmpty(options.Password) && string.IsNullOrEmpty(options.Username))
        {
            failures.Add($"{Section}:Password is set but {Section}:Username is not.");
        }

        if (options.ReceiveMaximum is < 1 or > 65535)
        {
            failures.Add(Invariant($"{Section}:ReceiveMaximum must be 1..65535; it is {options.ReceiveMaximum}."));
        }
    }

    private static void ValidateTimes(LoRaWanOptions options, List<string> failures)
    {
        if (options.SessionExpiry < TimeSpan.FromSeconds(1) || options.SessionExpiry.TotalSeconds > uint.MaxValue)
        {
            failures.Add(Invariant($"{Section}:SessionExpiry must be at least 1 second (for example 1.00:00:00 for a day); it is {options.SessionExpiry}."));
        }

        if (options.KeepAlive < TimeSpan.FromSeconds(1) || options.KeepAlive.TotalSeconds > ushort.MaxValue)
        {
            failures.Add(Invariant($"{Section}:KeepAlive must be between 1 second and 18:12:15; it is {options.KeepAlive}."));
        }

        if (options.ConnectTimeout <= TimeSpan.Zero || options.ConnectTimeout > TimeSpan.FromMinutes(5))
        {
            failures.Add(Invariant($"{Section}:ConnectTimeout must be between 0 and 5 minutes; it is {options.ConnectTimeout}."));
        }

        if (options.ReconnectMinDelay <= TimeSpan.Zero || options.ReconnectMaxDelay < options.ReconnectMinDelay ||
            options.ReconnectMaxDelay > TimeSpan.FromHours(1))
        {
            failures.Add(Invariant(
                $"{Section}:ReconnectMinDelay must be positive and at most {Section}:ReconnectMaxDelay, which must be at most 1 hour; they are {options.ReconnectMinDelay} and {options.ReconnectMaxDelay}."));
        }

        if (options.ShutdownDrainTimeout < TimeSpan.Zero || options.ShutdownDrainTimeout > TimeSpan.FromMinutes(5))
        {
            failures.Add(Invariant($"{Section}:ShutdownDrainTimeout must be between 0 and 5 minutes; it is {options.ShutdownDrainTimeout}."));
        }
    }

    private static void ValidateTopicFilters(LoRaWanOptions options, List<string> failures)
    {
        foreach (var filter in options.EffectiveTopicFilters)
        {
            if (!IsValidTopicFilter(filter))
            {
                failures.Add($"{Section}:TopicFilters has '{filter}', which is not an MQTT topic filter ('+' and '#' stand alone between '/', '#' only last).");
            }
            else if (options.UsesEmbeddedBroker && filter.StartsWith("$share/", StringComparison.Ordinal))
            {
                failures.Add($"{Section}:TopicFilters has the shared subscription '{filter}', which the embedded broker does not support: use an external broker (Mosquitto, EMQX) for several gateways.");
            }
        }
    }

    private static void ValidateDownlinks(LoRaWanOptions options, List<string> failures)
    {
        if (!Enum.IsDefined(options.NetworkServer))
        {
            failures.Add($"{Section}:NetworkServer must be ChirpStack or TheThingsStack.");
        }

        if (options.ApplicationId is { } application && !IsTopicSegment(application))
        {
            failures.Add($"{Section}:ApplicationId must be one topic segment (no '/', '+', '#'); it is '{application}'.");
        }

        if (options.TenantId is { } tenant && !IsTopicSegment(tenant))
        {
            failures.Add($"{Section}:TenantId must be one topic segment (no '/', '+', '#'); it is '{tenant}'.");
        }

        if (options.DownlinkFPort is < 1 or > 223)
        {
            failures.Add(Invariant($"{Section}:DownlinkFPort must be 1..223 (LoRaWAN application ports); it is {options.DownlinkFPort}."));
        }

        if (options.MaxPendingDownlinks is < 1 or > 1_000_000)
        {
            failures.Add(Invariant($"{Section}:MaxPendingDownlinks must be 1..1000000; it is {options.MaxPendingDownlinks}."));
        }
    }

    private static void ValidateBroker(LoRaWanBrokerOptions broker, List<string> failures)
    {
        if (broker.Port is < 1 or > 65535)
        {
            failures.Add(Invariant($"{BrokerSection}:Port must be 1..65535; it is {broker.Port}."));
        }

        if (!IPAddress.TryParse(broker.BindAddress, out var address))
        {
            failures.Add($"{BrokerSection}:BindAddress must be an IP address (for example 127.0.0.1); it is '{broker.BindAddress}'.");
        }
        else if (!IPAddress.IsLoopback(address) && (string.IsNullOrEmpty(broker.Username) || string.IsNullOrEmpty(broker.Password)))
        {
            failures.Add($"{BrokerSection}:BindAddress {address} is reachable from other machines: set {BrokerSection}:Username and Password, or bind to 127.0.0.1.");
        }

        if (!string.IsNullOrEmpty(broker.Password) && string.IsNullOrEmpty(broker.Username))
        {
            failures.Add($"{BrokerSection}:Password is set but {BrokerSection}:Username is not.");
        }

        if (broker.MaxPendingMessagesPerClient is < 1 or > 10_000_000)
        {
            failures.Add(Invariant($"{BrokerSection}:MaxPendingMessagesPerClient must be 1..10000000; it is {broker.MaxPendingMessagesPerClient}."));
        }

        if (broker.MaxGatewayBacklog < 1 || broker.MaxGatewayBacklog >= broker.MaxPendingMessagesPerClient)
        {
            failures.Add(Invariant(
                $"{BrokerSection}:MaxGatewayBacklog must be at least 1 and below {BrokerSection}:MaxPendingMessagesPerClient ({broker.MaxPendingMessagesPerClient}); it is {broker.MaxGatewayBacklog}."));
        }
    }

    /// <summary>MQTT 5 §4.7: '#' alone and last, '+' alone in its level, no NUL, not empty.</summary>
    internal static bool IsValidTopicFilter(string? filter)
    {
        if (string.IsNullOrEmpty(filter) || filter.Length > 65535 || filter.Contains('\0', StringComparison.Ordinal))
        {
            return false;
        }

        var levels = filter.Split('/');
        for (var i = 0; i < levels.Length; i++)
        {
            var level = levels[i];
            if (level.Contains('#', StringComparison.Ordinal) && (level != "#" || i != levels.Length - 1))
            {
                return false;
            }

            if (level.Contains('+', StringComparison.Ordinal) && level != "+")
            {
                return false;
            }
        }

        return true;
    }

    internal static bool IsTopicSegment(string? segment) =>
        !string.IsNullOrWhiteSpace(segment) && segment.AsSpan().IndexOfAny("/+#\0") < 0;

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
