using KefuHub.Tests.Infrastructure;

namespace KefuHub.Tests.Api;

/// <summary>Custom roles with durable data in a real PostgreSQL.</summary>
public sealed class PostgresCustomRoleTests(PostgresServer postgres) : CustomRoleTests
{
    protected override async Task<IReadOnlyDictionary<string, string?>> StorageSettingsAsync() =>
        new Dictionary<string, string?> { ["ConnectionStrings:Postgres"] = await postgres.CreateDatabaseAsync(Ct) };
}
