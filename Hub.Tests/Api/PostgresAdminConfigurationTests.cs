using KefuHub.Tests.Infrastructure;

namespace KefuHub.Tests.Api;

/// <summary>The same configuration tests with durable data in a real PostgreSQL.</summary>
public sealed class PostgresAdminConfigurationTests(PostgresServer postgres) : AdminConfigurationTests
{
    protected override async Task<IReadOnlyDictionary<string, string?>> StorageSettingsAsync() =>
        new Dictionary<string, string?> { ["ConnectionStrings:Postgres"] = await postgres.CreateDatabaseAsync(Ct) };
}
