using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using SafeCommunity.Iot.Cli.Cli;
using SafeCommunity.Iot.Contracts.V1;

namespace SafeCommunity.Iot.Cli.Connection;

/// <summary>
/// The gateway's instances as one connection: a <see cref="GatewayChannel"/> per address, opened on first use, and
/// the address in use now. Unary calls go to that address and, when it cannot be reached, to the next ones in turn
/// (<see cref="FailoverInvoker"/>); the alarm watch moves on by itself with <see cref="MoveToNext"/>.
/// </summary>
internal sealed class GatewayConnection : IDisposable
{
    private readonly GatewaySettings _settings;
    private readonly X509Certificate2Collection? _trusted;
    private readonly GatewayChannel?[] _channels;

    private GatewayConnection(GatewaySettings settings, X509Certificate2Collection? trusted, Action<string> notice)
    {
        _settings = settings;
        _trusted = trusted;
        _channels = new GatewayChannel?[settings.Addresses.Count];
        Invoker = new FailoverInvoker(this, notice);
    }

    /// <summary>Every address, in the order given.</summary>
    public IReadOnlyList<Uri> Addresses => _settings.Addresses;

    /// <summary>The position in <see cref="Addresses"/> of the address in use.</summary>
    public int Current { get; private set; }

    /// <summary>The address in use, for messages.</summary>
    public Uri Address => Addresses[Current];

    /// <summary>Calls go through this (the bearer token on each, unary calls moving on from an unreachable address).</summary>
    public CallInvoker Invoker { get; }

    public Alarms.AlarmsClient Alarms => new(Invoker);

    public Devices.DevicesClient Devices => new(Invoker);

    public Geofences.GeofencesClient Geofences => new(Invoker);

    public Receivers.ReceiversClient Receivers => new(Invoker);

    public Administration.AdministrationClient Administration => new(Invoker);

    public History.HistoryClient History => new(Invoker);

    /// <summary>The notifications service.</summary>
    public Notifications.NotificationsClient Notifications => new(Invoker);

    /// <summary>
    /// Opens the connection (no channel yet); false when the CA file cannot be used. <paramref name="notice"/> is told
    /// when a call moves on to another address.
    /// </summary>
    public static bool TryOpen(GatewaySettings settings, Action<string> notice, out GatewayConnection connection, out CliFailure failure)
    {
        connection = null!;
        X509Certificate2Collection? trusted = null;
        if (settings.CaFile is { } caFile)
        {
            trusted = [];
            try
            {
                trusted.ImportFromPemFile(caFile);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
            {
                failure = new CliFailure(ExitCodes.Usage, $"cannot read the CA file {caFile}: {e.Message}");
                return false;
            }

            if (trusted.Count == 0)
            {
                failure = new CliFailure(ExitCodes.Usage, $"the CA file {caFile} has no PEM certificate (-----BEGIN CERTIFICATE-----)");
                return false;
            }
        }

        connection = new GatewayConnection(settings, trusted, notice);
        failure = default;
        return true;
    }

    /// <summary>The channel to the address at <paramref name="index"/>, opened on first use.</summary>
    public GatewayChannel ChannelAt(int index) =>
        _channels[index] ??= new GatewayChannel(Addresses[index], _settings.Token, _trusted);

    /// <summary>Makes the next address (after the last, the first) the one in use; returns it.</summary>
    public Uri MoveToNext()
    {
        Current = (Current + 1) % Addresses.Count;
        return Address;
    }

    public void Dispose()
    {
        foreach (var channel in _channels)
        {
            channel?.Dispose();
        }

        if (_trusted is not null)
        {
            foreach (var certificate in _trusted)
            {
                certificate.Dispose();
            }
        }
    }
}
