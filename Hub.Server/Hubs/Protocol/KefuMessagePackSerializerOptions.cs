using System.Text.Json;
using MessagePack;
using MessagePack.Resolvers;

namespace KefuHub.Server.Hubs.Protocol;

/// <summary>The MessagePack serializer options of the hubs' "messagepack" protocol.</summary>
internal static class KefuMessagePackSerializerOptions
{
    /// <summary>
    /// Payloads shaped by <paramref name="payloadOptions"/> (the JSON hub protocol's) through
    /// <see cref="JsonContractResolver"/>, then SignalR's default resolver for what MessagePack already
    /// writes as JSON does; bounded for untrusted input (depth, hash-collision-resistant maps).
    /// </summary>
    public static MessagePackSerializerOptions Create(JsonSerializerOptions payloadOptions) =>
        MessagePackSerializerOptions.Standard
            .WithResolver(CompositeResolver.Create(new JsonContractResolver(payloadOptions), ContractlessStandardResolver.Instance))
            .WithSecurity(MessagePackSecurity.UntrustedData);
}
