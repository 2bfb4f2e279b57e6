using System.Globalization;
using System.Net;
using System.Net.Sockets;
using SafeCommunity.Iot.Receivers.LoRaWan.Hosting;

namespace SafeCommunity.Iot.Receivers.LoRaWan.Mqtt;

/// <summary>Where the gateway's MQTT client connects: an external broker, or its own embedded one.</summary>
/// <param name="Host">Host name or address.</param>
/// <param name="Port">TCP port.</param>
internal sealed record BrokerEndpoint(string Host, int Port)
{
    /// <summary>The broker connection's id on the receiver status board: <c>mqtt:{host}:{port}</c>.</summary>
    public string ReceiverId { get; } = string.Create(CultureInfo.InvariantCulture,
        $"mqtt:{(Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]" : Host)}:{Port}");

    public static BrokerEndpoint From(LoRaWanOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.UsesEmbeddedBroker)
        {
            return new BrokerEndpoint(options.Host!.Trim(), options.Port ?? (options.UseTls ? 8883 : 1883));
        }

        // The embedded broker: connect to the address it binds, or to loopback when it binds every address.
        var host = options.Broker.BindAddress;
        if (IPAddress.TryParse(host, out var address))
        {
            if (address.Equals(IPAddress.Any))
            {
                address = IPAddress.Loopback;
            }
            else if (address.Equals(IPAddress.IPv6Any))
            {
                address = IPAddress.IPv6Loopback;
            }

            host = address.ToString();
        }

        return new BrokerEndpoint(host, options.Port ?? options.Broker.Port);
    }

    /// <summary>The address family to connect with, so a literal address is not looked up.</summary>
    public AddressFamily AddressFamily =>
        IPAddress.TryParse(Host, out var address) ? address.AddressFamily : AddressFamily.Unspecified;
}
