using System.Net;
using System.Net.Sockets;

namespace SafeCommunity.Iot.TestSupport;

/// <summary>Free TCP ports for servers the tests start.</summary>
public static class FreePort
{
    /// <summary>A TCP port on loopback that nothing listens on right now.</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
