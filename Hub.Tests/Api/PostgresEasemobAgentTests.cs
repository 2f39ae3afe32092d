using KefuHub.Tests.Infrastructure;

namespace KefuHub.Tests.Api;

/// <summary>The agent calls with durable data in a real PostgreSQL, a fresh database per test.</summary>
public sealed class PostgresEasemobAgentTests(PostgresServer postgres) : EasemobAgentTests
{
    protected override async Task<IReadOnlyDictionary<string, string?>> StorageSettingsAsync() =>
        new Dictionary<string, string?> { ["ConnectionStrings:Postgres"] = await postgres.CreateDatabaseAsync(Ct) };
}
