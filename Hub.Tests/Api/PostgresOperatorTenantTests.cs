using KefuHub.Tests.Infrastructure;

namespace KefuHub.Tests.Api;

/// <summary>The operator calls with durable data in a real PostgreSQL.</summary>
public sealed class PostgresOperatorTenantTests(PostgresServer postgres) : OperatorTenantTests
{
    protected override async Task<IReadOnlyDictionary<string, string?>> StorageSettingsAsync() =>
        new Dictionary<string, string?> { ["ConnectionStrings:Postgres"] = await postgres.CreateDatabaseAsync(Ct) };
}
