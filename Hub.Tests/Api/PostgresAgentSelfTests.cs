using KefuHub.Tests.Infrastructure;

namespace KefuHub.Tests.Api;

/// <summary>The agents-me calls with durable data in a real PostgreSQL.</summary>
public sealed class PostgresAgentSelfTests(PostgresServer postgres) : AgentSelfTests
{
    protected override async Task<IReadOnlyDictionary<string, string?>> StorageSettingsAsync() =>
        new Dictionary<string, string?> { ["ConnectionStrings:Postgres"] = await postgres.CreateDatabaseAsync(Ct) };
}
