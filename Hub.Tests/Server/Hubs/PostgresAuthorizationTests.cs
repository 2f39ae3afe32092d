using KefuHub.Tests.Infrastructure;

namespace KefuHub.Tests.Server.Hubs;

/// <summary>The same ownership checks with durable data in a real PostgreSQL, a fresh database per test.</summary>
public sealed class PostgresAuthorizationTests(PostgresServer postgres) : AuthorizationTests
{
    protected override async Task<IReadOnlyDictionary<string, string?>> StorageSettingsAsync() =>
        new Dictionary<string, string?> { ["ConnectionStrings:Postgres"] = await postgres.CreateDatabaseAsync(Ct) };
}
