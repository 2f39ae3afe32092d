using System.Text.Json;
using System.Text.Json.Serialization;
using KefuHub.Routing;
using KefuHub.Routing.State;

namespace KefuHub.Server.Redis;

/// <summary>How routing commands and snapshots are written into Redis.</summary>
internal static class RoutingJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.General)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    public static string Serialize(RoutingCommand command) => JsonSerializer.Serialize(command, Options);

    public static RoutingCommand DeserializeCommand(string json) =>
        JsonSerializer.Deserialize<RoutingCommand>(json, Options) ?? throw new JsonException("A routing command was null.");

    public static string Serialize(TenantRoutingStateSnapshot snapshot) => JsonSerializer.Serialize(snapshot, Options);

    public static TenantRoutingStateSnapshot DeserializeSnapshot(string json) =>
        JsonSerializer.Deserialize<TenantRoutingStateSnapshot>(json, Options) ?? throw new JsonException("A routing snapshot was null.");
}
