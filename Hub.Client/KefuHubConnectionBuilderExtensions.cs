using System.Net;
using System.Net.WebSockets;
using KefuHub.Protocols;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace KefuHub.Client;

public static class KefuHubConnectionBuilderExtensions
{
    /// <summary>Connects the <see cref="HubConnection"/> to <paramref name="hubUrl"/> over <paramref name="factory"/>.</summary>
    public static IHubConnectionBuilder WithWebSocket(this IHubConnectionBuilder builder, Uri hubUrl, WebSocketConnectionFactory factory)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<IConnectionFactory>(factory);
        builder.Services.AddSingleton<EndPoint>(new UriEndPoint(hubUrl));
        return builder;
    }

    /// <summary>Connects over a <see cref="ClientWebSocket"/>, the token sent as <c>Authorization: Bearer</c>.</summary>
    public static IHubConnectionBuilder WithWebSocket(this IHubConnectionBuilder builder, Uri hubUrl, Func<string?>? accessToken = null, WebSocketMessageType messageType = WebSocketMessageType.Text) =>
        builder.WithWebSocket(hubUrl, WebSocketConnectionFactory.ForClientWebSocket(accessToken, messageType));

    /// <summary>
    /// Speaks the "messagepack" hub protocol (<see cref="MessagePackHubProtocol"/>) instead of JSON. The
    /// connection's transport must carry binary frames: pass <see cref="WebSocketMessageType.Binary"/>.
    /// </summary>
    public static IHubConnectionBuilder AddKefuMessagePackProtocol(this IHubConnectionBuilder builder, Action<MessagePackHubProtocolOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddKefuMessagePackHubProtocol(configure);
        return builder;
    }
}
