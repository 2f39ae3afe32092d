using System.Net;
using System.Net.Sockets;

namespace KefuHub.LoadTests.Client;

/// <summary>The local addresses client sockets bind to, round robin. Loopback gives about 28,000
/// ephemeral ports per source address (net.ipv4.ip_local_port_range), so many connections to one
/// hub port are spread over 127.0.0.1, 127.0.0.2, ... One address means no bind (the kernel picks).</summary>
internal sealed class SourceAddressPool : IDisposable
{
    private readonly IPAddress?[] _addresses;
    private readonly SocketsHttpHandler[] _handlers;
    private readonly HttpMessageInvoker[] _invokers;
    private long _next = -1;

    public SourceAddressPool(int count)
    {
        if (count is < 1 or > 250)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, "--source-addresses takes 1 to 250 (127.0.0.1 to 127.0.0.250).");
        }

        _addresses = count == 1 ? [null] : [.. Enumerable.Range(1, count).Select(i => new IPAddress([127, 0, 0, (byte)i]))];
        _handlers = [.. _addresses.Select(Handler)];
        _invokers = [.. _handlers.Select(h => new HttpMessageInvoker(h, disposeHandler: false))];
    }

    public int Count => _addresses.Length;

    /// <summary>An HTTP invoker whose connections come from the next source address; it carries the
    /// WebSocket upgrade (<c>ClientWebSocket.ConnectAsync(uri, invoker, ...)</c>) and REST calls alike.</summary>
    public HttpMessageInvoker Next() => _invokers[(int)((ulong)Interlocked.Increment(ref _next) % (ulong)_invokers.Length)];

    /// <summary>One REST client per source address (the hub limits sign-ups and logins per address).</summary>
    public IReadOnlyList<HttpClient> HttpClients(Uri baseAddress) =>
        [.. _handlers.Select(h => new HttpClient(h, disposeHandler: false) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) })];

    public void Dispose()
    {
        foreach (var invoker in _invokers)
        {
            invoker.Dispose();
        }

        foreach (var handler in _handlers)
        {
            handler.Dispose();
        }
    }

    private static SocketsHttpHandler Handler(IPAddress? local) => new()
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        MaxConnectionsPerServer = 256,
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                if (local is not null)
                {
                    socket.Bind(new IPEndPoint(local, 0));
                }

                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };
}
