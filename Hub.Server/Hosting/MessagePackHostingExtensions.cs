using KefuHub.Server.Hubs.Protocol;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

internal static class MessagePackHostingExtensions
{
    /// <summary>
    /// The official "messagepack" hub protocol with payloads shaped by the JSON protocol's
    /// <see cref="JsonHubProtocolOptions.PayloadSerializerOptions"/>, so that both protocols carry the same
    /// field names and values. For the server's and the .NET client's builders alike.
    /// </summary>
    public static TBuilder AddKefuMessagePackProtocol<TBuilder>(this TBuilder builder)
        where TBuilder : ISignalRBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddMessagePackProtocol();
        builder.Services.AddOptions<MessagePackHubProtocolOptions>()
            .Configure<IOptions<JsonHubProtocolOptions>>((options, json) =>
                options.SerializerOptions = KefuMessagePackSerializerOptions.Create(json.Value.PayloadSerializerOptions));
        return builder;
    }
}
