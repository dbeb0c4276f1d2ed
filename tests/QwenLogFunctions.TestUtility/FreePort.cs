using System.Net;
using System.Net.Sockets;

namespace QwenLogFunctions.TestUtility;

/// <summary>Free loopback TCP ports, so parallel test runs never collide.</summary>
public static class FreePort
{
    /// <summary>Asks the OS for a free port on 127.0.0.1.</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
