using KefuHub.Tests.Infrastructure;

namespace KefuHub.Tests.Widget;

/// <summary>The same upload and settings tests with durable data (file bytes included) in a real PostgreSQL.</summary>
public sealed class PostgresWidgetApiTests(PostgresServer postgres) : WidgetApiTests
{
    protected override async Task<IReadOnlyDictionary<string, string?>> StorageSettingsAsync() =>
        new Dictionary<string, string?> { ["ConnectionStrings:Postgres"] = await postgres.CreateDatabaseAsync(Ct) };
}
