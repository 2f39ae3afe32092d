using KefuHub.Protocols;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

public static class MessagePackSignalRServerBuilderExtensions
{
    /// <summary>
    /// Offers the "messagepack" hub protocol beside JSON on every hub. The protocol's size limit is
    /// lowered to <see cref="HubOptions.MaximumReceiveMessageSize"/> when that is smaller, so an oversized
    /// length prefix is refused on sight rather than after the server has buffered that many bytes.
    /// </summary>
    public static ISignalRServerBuilder AddKefuMessagePackProtocol(this ISignalRServerBuilder builder, Action<MessagePackHubProtocolOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddKefuMessagePackHubProtocol(configure);
        builder.Services.AddOptions<MessagePackHubProtocolOptions>().PostConfigure<IOptions<HubOptions>>((o, hub) =>
        {
            if (hub.Value.MaximumReceiveMessageSize is { } receiveLimit && receiveLimit < o.MaximumMessageSize)
            {
                o.MaximumMessageSize = (int)receiveLimit;
            }
        });
        return builder;
    }
}
