using KefuHub.Protocols;
using Microsoft.AspNetCore.SignalR;

namespace Microsoft.Extensions.DependencyInjection;

public static class MessagePackSignalRServerBuilderExtensions
{
    /// <summary>
    /// Offers the "messagepack" hub protocol beside JSON on every hub. The server's own
    /// <see cref="HubOptions.MaximumReceiveMessageSize"/> (32 KB by default) still bounds what a client may
    /// send; <see cref="MessagePackHubProtocolOptions.MaximumMessageSize"/> is the protocol's ceiling on top.
    /// </summary>
    public static ISignalRServerBuilder AddKefuMessagePackProtocol(this ISignalRServerBuilder builder, Action<MessagePackHubProtocolOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddKefuMessagePackHubProtocol(configure);
        return builder;
    }
}
