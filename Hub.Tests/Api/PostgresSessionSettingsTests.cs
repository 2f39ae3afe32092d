using KefuHub.Tests.Infrastructure;

namespace KefuHub.Tests.Api;

/// <summary>The session settings with durable data in a real PostgreSQL.</summary>
public sealed class PostgresSessionSettingsTests(PostgresServer postgres) : SessionSettingsTests
{
    protected override async Task<IReadOnlyDictionary<string, string?>> StorageSettingsAsync() =>
        new Dictionary<string, string?> { ["ConnectionStrings:Postgres"] = await postgres.CreateDatabaseAsync(Ct) };
}
