using KefuHub.Tests.Infrastructure;

namespace KefuHub.Tests.Api;

/// <summary>The same webhook tests with durable data (and the outbox) in a real PostgreSQL.</summary>
public sealed class PostgresWebhookTests(PostgresServer postgres) : WebhookTests
{
    protected override async Task<IReadOnlyDictionary<string, string?>> StorageSettingsAsync() =>
        new Dictionary<string, string?> { ["ConnectionStrings:Postgres"] = await postgres.CreateDatabaseAsync(Ct) };
}
