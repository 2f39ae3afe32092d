using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace KefuHub.Server.Webhooks;

/// <summary>
/// Which addresses webhooks may reach when <see cref="WebhookOptions.AllowPrivateNetworks"/> is off:
/// public unicast only, and never this host itself. Checked on the addresses a host resolves to at
/// connect time, so a DNS name cannot be pointed at an internal address after the URL was accepted.
/// </summary>
public static class WebhookAddressPolicy
{
    /// <summary>
    /// Loopback, unspecified, private (RFC 1918, RFC 4193), link-local, shared (100.64/10), benchmarking
    /// (198.18/15), documentation, multicast and reserved (240/4) addresses; and the IPv6 prefixes that
    /// carry or translate to IPv4 (NAT64 64:ff9b::/96 and 64:ff9b:1::/48, 6to4 2002::/16, Teredo
    /// 2001::/32, IPv4-compatible ::/96), through which any IPv4 address above could be reached.
    /// </summary>
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
                (b[0] == 192 && b[1] == 0 && b[2] is 0 or 2) ||
                (b[0] == 198 && b[1] is 18 or 19) ||
                (b[0] == 198 && b[1] == 51 && b[2] == 100) ||
                (b[0] == 203 && b[1] == 0 && b[2] == 113);
        }

        Span<byte> v6 = stackalloc byte[16];
        address.TryWriteBytes(v6, out _);
        return address.Equals(IPAddress.IPv6Any) ||
            address.IsIPv6LinkLocal ||
            address.IsIPv6SiteLocal ||
            address.IsIPv6UniqueLocal ||
            address.IsIPv6Multicast ||
            address.IsIPv6Teredo ||
            v6[..12].IndexOfAnyExcept((byte)0) < 0 ||
            (v6[0] == 0x00 && v6[1] == 0x64 && v6[2] == 0xff && v6[3] == 0x9b) ||
            (v6[0] == 0x20 && v6[1] == 0x02) ||
            (v6[0] == 0x20 && v6[1] == 0x01 && v6[2] == 0x0d && v6[3] == 0xb8) ||
            (v6[0] == 0x01 && v6[1] == 0x00 && v6[2..8].IndexOfAnyExcept((byte)0) < 0);
    }

    /// <summary>True when the address is internal, or one of <paramref name="hostAddresses"/> (this machine's own).</summary>
    public static bool IsBlocked(IPAddress address, IReadOnlyCollection<IPAddress> hostAddresses)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(hostAddresses);
        var normal = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        return IsInternal(normal) || hostAddresses.Any(h => (h.IsIPv4MappedToIPv6 ? h.MapToIPv4() : h).Equals(normal));
    }

    /// <summary>The unicast addresses of this machine's interfaces, read now (interfaces come and go).</summary>
    public static IReadOnlyCollection<IPAddress> HostAddresses()
    {
        try
        {
            return NetworkInterface.GetAllNetworkInterfaces()
                .SelectMany(i => i.GetIPProperties().UnicastAddresses)
                .Select(u => u.Address)
                .ToHashSet();
        }
        catch (NetworkInformationException)
        {
            return [];
        }
    }
}
