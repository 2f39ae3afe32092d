using KefuHub.Tests.Infrastructure;

namespace KefuHub.Tests.Api;

/// <summary>The quick reply calls with durable data in a real PostgreSQL.</summary>
public sealed class PostgresQuickReplyTests(PostgresServer postgres) : QuickReplyTests
{
    protected override async Task<IReadOnlyDictionary<string, string?>> StorageSettingsAsync() =>
        new Dictionary<string, string?> { ["ConnectionStrings:Postgres"] = await postgres.CreateDatabaseAsync(Ct) };
}
