using System.Net;
using System.Net.Sockets;

namespace Atrium.Platform.RateLimiting;

/// <summary>Who a request counts against: its user when the token is valid, else its client address.</summary>
internal static class ClientKeys
{
    /// <summary>
    /// <c>user:&lt;id&gt;</c> for a caller with a valid token (authentication has run), else <c>ip:&lt;address&gt;</c>.
    /// </summary>
    public static (string Key, bool Authenticated) Caller(HttpContext context) =>
        CurrentUser.From(context.User).Id is { } id ? ($"user:{id:N}", true) : (Address(context), false);

    /// <summary>
    /// The connection's remote address (forwarded headers replace it only for configured proxies).
    /// IPv6 counts per /64: one subscriber usually holds a whole /64, so per-address limits would be free to dodge.
    /// </summary>
    public static string Address(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress;
        if (address is null)
        {
            return "ip:unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6 && !IPAddress.IsLoopback(address))
        {
            Span<byte> bytes = stackalloc byte[16];
            address.TryWriteBytes(bytes, out _);
            bytes[8..].Clear();
            return $"ip:{new IPAddress(bytes)}/64";
        }

        return $"ip:{address}";
    }
}
