using KefuHub.Tests.Infrastructure;

namespace KefuHub.Tests.Api;

/// <summary>The REST message call with durable data in a real PostgreSQL.</summary>
public sealed class PostgresSessionMessageApiTests(PostgresServer postgres) : SessionMessageApiTests
{
    protected override async Task<IReadOnlyDictionary<string, string?>> StorageSettingsAsync() =>
        new Dictionary<string, string?> { ["ConnectionStrings:Postgres"] = await postgres.CreateDatabaseAsync(Ct) };
}
