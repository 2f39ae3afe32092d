using System.Net;
using System.Net.Sockets;

namespace KefuHub.Server.Webhooks;

/// <summary>
/// Which addresses webhooks may reach when <see cref="WebhookOptions.AllowPrivateNetworks"/> is off:
/// public unicast only. Checked on the addresses a host resolves to at connect time, so a DNS name
/// cannot be pointed at an internal address after the URL was accepted.
/// </summary>
public static class WebhookAddressPolicy
{
    /// <summary>Loopback, unspecified, private (RFC 1918, RFC 4193), link-local, shared (100.64/10), multicast and reserved addresses.</summary>
    public static bool IsInternal(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address))
        {
            return true;
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            Span<byte> b = stackalloc byte[4];
            address.TryWriteBytes(b, out _);
            return b[0] is 0 or 10 or 127 or >= 224 ||
                (b[0] == 100 && b[1] >= 64 && b[1] < 128) ||
                (b[0] == 169 && b[1] == 254) ||
                (b[0] == 172 && b[1] >= 16 && b[1] < 32) ||
                (b[0] == 192 && b[1] == 168) ||
                (b[0] == 192 && b[1] == 0 && b[2] == 0);
        }

        return address.Equals(IPAddress.IPv6Any) ||
            address.IsIPv6LinkLocal ||
            address.IsIPv6SiteLocal ||
            address.IsIPv6UniqueLocal ||
            address.IsIPv6Multicast;
    }
}
