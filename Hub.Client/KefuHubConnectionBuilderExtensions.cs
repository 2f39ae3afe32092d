using System.Net;
using System.Net.WebSockets;
using KefuHub.Protocols;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.DependencyInjection;

namespace KefuHub.Client;

public static class KefuHubConnectionBuilderExtensions
{
    /// <summary>Connects the <see cref="HubConnection"/> to <paramref name="hubUrl"/> over <paramref name="factory"/>.</summary>
    public static IHubConnectionBuilder WithWebSocket(this IHubConnectionBuilder builder, Uri hubUrl, WebSocketConnectionFactory factory)
    {
        ArgumentNullException.ThrowIfNull(builder);
        // Frames follow the connection's protocol: text for JSON, binary for MessagePack.
        builder.Services.AddSingleton<IConnectionFactory>(services => factory.WithFormat(services.GetRequiredService<IHubProtocol>().TransferFormat));
        builder.Services.AddSingleton<EndPoint>(new UriEndPoint(hubUrl));
        return builder;
    }

    /// <summary>Connects over a <see cref="ClientWebSocket"/>, the token sent as <c>Authorization: Bearer</c>.</summary>
    public static IHubConnectionBuilder WithWebSocket(this IHubConnectionBuilder builder, Uri hubUrl, Func<string?>? accessToken = null) =>
        builder.WithWebSocket(hubUrl, WebSocketConnectionFactory.ForClientWebSocket(accessToken));

    /// <summary>
    /// Speaks the "messagepack" hub protocol (<see cref="MessagePackHubProtocol"/>) instead of JSON; our
    /// WebSocket transport then sends binary frames by itself.
    /// </summary>
    public static IHubConnectionBuilder AddKefuMessagePackProtocol(this IHubConnectionBuilder builder, Action<MessagePackHubProtocolOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddKefuMessagePackHubProtocol(configure);
        return builder;
    }
}
