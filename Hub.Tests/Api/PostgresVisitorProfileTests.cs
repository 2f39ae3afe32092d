using KefuHub.Tests.Infrastructure;

namespace KefuHub.Tests.Api;

/// <summary>Visitor profiles and identity with durable data in a real PostgreSQL.</summary>
public sealed class PostgresVisitorProfileTests(PostgresServer postgres) : VisitorProfileTests
{
    protected override async Task<IReadOnlyDictionary<string, string?>> StorageSettingsAsync() =>
        new Dictionary<string, string?> { ["ConnectionStrings:Postgres"] = await postgres.CreateDatabaseAsync(Ct) };
}
