namespace KefuHub.Tests.Infrastructure;

/// <summary>Settings for <see cref="HubProcess"/> nodes that form one deployment: a database and a Redis key prefix of their own.</summary>
public static class HubProcessSettings
{
    public static async Task<Dictionary<string, string>> SharedAsync(RedisServer redis, PostgresServer postgres, CancellationToken cancellationToken) => new()
    {
        ["ConnectionStrings:Postgres"] = await postgres.CreateDatabaseAsync(cancellationToken),
        ["ConnectionStrings:Redis"] = await redis.GetConfigurationAsync(cancellationToken),
        ["Redis:KeyPrefix"] = redis.NewPrefix(),
    };
}
