using KefuHub.Tests.Infrastructure;

namespace KefuHub.Tests.Api;

/// <summary>The same access tests with durable data in a real PostgreSQL.</summary>
public sealed class PostgresAdminAccessTests(PostgresServer postgres) : AdminAccessTests
{
    protected override async Task<IReadOnlyDictionary<string, string?>> StorageSettingsAsync() =>
        new Dictionary<string, string?> { ["ConnectionStrings:Postgres"] = await postgres.CreateDatabaseAsync(Ct) };
}
