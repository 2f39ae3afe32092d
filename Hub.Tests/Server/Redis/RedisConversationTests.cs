using KefuHub.Tests.Infrastructure;
using KefuHub.Tests.Server.Hubs;

namespace KefuHub.Tests.Server.Redis;

/// <summary>The whole conversation suite on a node whose routing state and SignalR go through Redis (PostgreSQL durable).</summary>
public sealed class RedisConversationTests(RedisServer redis, PostgresServer postgres) : ConversationTests
{
    protected override bool RoutingStateOutlivesTheProcess => true;

    protected override async Task<IReadOnlyDictionary<string, string?>> StorageSettingsAsync() => new Dictionary<string, string?>
    {
        ["ConnectionStrings:Postgres"] = await postgres.CreateDatabaseAsync(Ct),
        ["ConnectionStrings:Redis"] = await redis.GetConfigurationAsync(Ct),
        ["Redis:KeyPrefix"] = redis.NewPrefix(),
    };
}
