using System.Net;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Connections;

namespace KefuHub.Client;

/// <summary>
/// Opens SignalR connections over a bare WebSocket to the hub URL (the "skip negotiation" path of the
/// official clients). The socket comes from <paramref name="connect"/>: a <see cref="ClientWebSocket"/>
/// for a real server, or the test server's WebSocket client in process.
/// </summary>
/// <param name="format">Binary for binary hub protocols (MessagePack), else text; <c>WithWebSocket</c> sets it from the connection's protocol.</param>
public sealed class WebSocketConnectionFactory(Func<Uri, CancellationToken, Task<WebSocket>> connect, TransferFormat format = TransferFormat.Text)
    : IConnectionFactory
{
    /// <summary>A factory over <see cref="ClientWebSocket"/>, sending the token as <c>Authorization: Bearer</c> when given.</summary>
    public static WebSocketConnectionFactory ForClientWebSocket(Func<string?>? accessToken = null) =>
        new(
            async (uri, cancellationToken) =>
            {
                var socket = new ClientWebSocket();
                if (accessToken?.Invoke() is { Length: > 0 } token)
                {
                    socket.Options.SetRequestHeader("Authorization", "Bearer " + token);
                }

                try
                {
                    await socket.ConnectAsync(uri, cancellationToken).ConfigureAwait(false);
                    return socket;
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            });

    public async ValueTask<ConnectionContext> ConnectAsync(EndPoint endpoint, CancellationToken cancellationToken = default)
    {
        if (endpoint is not UriEndPoint { Uri: var uri })
        {
            throw new NotSupportedException($"{nameof(WebSocketConnectionFactory)} connects to a {nameof(UriEndPoint)}, not {endpoint.GetType().Name}.");
        }

        var socket = await connect(ToWebSocketUri(uri), cancellationToken).ConfigureAwait(false);
        return new WebSocketConnection(socket, format == TransferFormat.Binary ? WebSocketMessageType.Binary : WebSocketMessageType.Text);
    }

    /// <summary>The same factory sending frames of another format.</summary>
    public WebSocketConnectionFactory WithFormat(TransferFormat transferFormat) => new(connect, transferFormat);

    private static Uri ToWebSocketUri(Uri uri) => uri.Scheme switch
    {
        "http" => new UriBuilder(uri) { Scheme = "ws" }.Uri,
        "https" => new UriBuilder(uri) { Scheme = "wss" }.Uri,
        _ => uri,
    };
}
