using KefuHub.Tests.Infrastructure;

namespace KefuHub.Tests.Api;

/// <summary>Tenant isolation and SQL injection with durable data in a real PostgreSQL, a fresh database per test.</summary>
public sealed class PostgresEasemobIsolationTests(PostgresServer postgres) : EasemobIsolationTests
{
    protected override async Task<IReadOnlyDictionary<string, string?>> StorageSettingsAsync() =>
        new Dictionary<string, string?> { ["ConnectionStrings:Postgres"] = await postgres.CreateDatabaseAsync(Ct) };
}
