using KefuHub.Server.Storage;
using KefuHub.Server.Storage.Postgres;
using KefuHub.Tests.Infrastructure;

namespace KefuHub.Tests.Storage;

/// <summary>A PostgreSQL store over a fresh database of the test run's server.</summary>
public sealed class PostgresStoreFixture(PostgresServer server) : StoreFixture
{
    public PostgresServer Server => server;

    private protected override async ValueTask<SqlDialect> CreateDialectAsync(CancellationToken cancellationToken) =>
        PostgresDialect.Create(await server.CreateDatabaseAsync(cancellationToken));
}
