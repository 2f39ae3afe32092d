using KefuHub.Tests.Infrastructure;

namespace KefuHub.Tests.Api;

/// <summary>Robot reception with durable data in a real PostgreSQL.</summary>
public sealed class PostgresRobotReceptionTests(PostgresServer postgres) : RobotReceptionTests
{
    protected override async Task<IReadOnlyDictionary<string, string?>> StorageSettingsAsync() =>
        new Dictionary<string, string?> { ["ConnectionStrings:Postgres"] = await postgres.CreateDatabaseAsync(Ct) };
}
