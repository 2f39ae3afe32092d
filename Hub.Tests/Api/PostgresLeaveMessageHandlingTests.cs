using KefuHub.Tests.Infrastructure;

namespace KefuHub.Tests.Api;

/// <summary>Leave messages handled by agents, with durable data in a real PostgreSQL.</summary>
public sealed class PostgresLeaveMessageHandlingTests(PostgresServer postgres) : LeaveMessageHandlingTests
{
    protected override async Task<IReadOnlyDictionary<string, string?>> StorageSettingsAsync() =>
        new Dictionary<string, string?> { ["ConnectionStrings:Postgres"] = await postgres.CreateDatabaseAsync(Ct) };
}
