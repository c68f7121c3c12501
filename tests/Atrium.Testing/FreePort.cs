using System.Net;
using System.Net.Sockets;

namespace Atrium.Testing;

/// <summary>Ports on 127.0.0.1 that nothing listened on a moment ago (taken from the OS, then released).</summary>
public static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
