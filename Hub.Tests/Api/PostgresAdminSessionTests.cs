using KefuHub.Tests.Infrastructure;

namespace KefuHub.Tests.Api;

/// <summary>The same session and dashboard tests with durable data in a real PostgreSQL.</summary>
public sealed class PostgresAdminSessionTests(PostgresServer postgres) : AdminSessionTests
{
    protected override async Task<IReadOnlyDictionary<string, string?>> StorageSettingsAsync() =>
        new Dictionary<string, string?> { ["ConnectionStrings:Postgres"] = await postgres.CreateDatabaseAsync(Ct) };
}
