using System.Net.WebSockets;

namespace KefuHub.LoadTests.Baselines;

/// <summary>The baselines' server, run as a child process like the hub (<c>echo-server --urls ...</c>):
/// a bare Kestrel WebSocket echo at <c>/ws</c> (the floor) and a bare SignalR echo hub at
/// <c>/hubs/echo</c> speaking JSON and MessagePack (the framework's floor).</summary>
internal static class EchoServer
{
    public const string WebSocketPath = "/ws";
    public const string HubPath = "/hubs/echo";

    public static async Task<int> RunAsync(string urls, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(urls);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSignalR().AddMessagePackProtocol();
        var app = builder.Build();
        app.UseWebSockets();
        app.MapGet("/health/ready", () => "ok");
        app.Map(WebSocketPath, async (HttpContext http) =>
        {
            if (!http.WebSockets.IsWebSocketRequest)
            {
                http.Response.StatusCode = StatusCodes.Status400BadRequest;
                return;
            }

            using var socket = await http.WebSockets.AcceptWebSocketAsync();
            await EchoAsync(socket, http.RequestAborted);
        });
        app.MapHub<EchoHub>(HubPath);
        await app.RunAsync(cancellationToken);
        return 0;
    }

    private static async Task EchoAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var received = await socket.ReceiveAsync(buffer.AsMemory(), cancellationToken);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cancellationToken);
                    return;
                }

                await socket.SendAsync(buffer.AsMemory(0, received.Count), received.MessageType, received.EndOfMessage, cancellationToken);
            }
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException)
        {
            // The client went away.
        }
    }
}
