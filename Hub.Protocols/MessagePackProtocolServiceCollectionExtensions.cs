using KefuHub.Protocols;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

public static class MessagePackProtocolServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="MessagePackHubProtocol"/> as an <see cref="IHubProtocol"/>, for the server's
    /// and the .NET client's builders alike. Unless <paramref name="configure"/> sets
    /// <see cref="MessagePackHubProtocolOptions.PayloadSerializerOptions"/>, payloads use the JSON
    /// protocol's <see cref="JsonHubProtocolOptions.PayloadSerializerOptions"/>, so a converter or naming
    /// policy added there applies to both protocols.
    /// </summary>
    public static IServiceCollection AddKefuMessagePackHubProtocol(this IServiceCollection services, Action<MessagePackHubProtocolOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<MessagePackHubProtocolOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.PostConfigure<IOptions<JsonHubProtocolOptions>>((o, json) => o.PayloadSerializerOptions ??= json.Value.PayloadSerializerOptions);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHubProtocol, MessagePackHubProtocol>());
        return services;
    }
}
