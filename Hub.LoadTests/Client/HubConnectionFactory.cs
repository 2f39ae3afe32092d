using System.Net.WebSockets;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace KefuHub.LoadTests.Client;

/// <summary>Official SignalR <c>HubConnection</c>s over WebSockets (negotiation skipped, as a load
/// generator does), the token as <c>Authorization: Bearer</c>, each socket from the next source address.</summary>
internal sealed class HubConnectionFactory(HubProtocolKind protocol, SourceAddressPool addresses)
{
    public HubProtocolKind Protocol => protocol;

    public HubConnection Create(Uri hubUrl, string? token)
    {
        var invoker = addresses.Next();
        var builder = new HubConnectionBuilder().WithUrl(hubUrl, HttpTransportType.WebSockets, options =>
        {
            options.SkipNegotiation = true;
            options.WebSocketFactory = async (context, cancellationToken) =>
            {
                var socket = new ClientWebSocket();
                try
                {
                    if (token is not null)
                    {
                        socket.Options.SetRequestHeader("Authorization", "Bearer " + token);
                    }

                    await socket.ConnectAsync(context.Uri, invoker, cancellationToken);
                    return socket;
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            };
        });
        if (protocol == HubProtocolKind.MessagePack)
        {
            builder.AddMessagePackProtocol();
        }

        return builder.Build();
    }
}
