using Dapper;
using KefuHub.Server.Storage;
using KefuHub.Server.Storage.Postgres;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace KefuHub.Tests.Storage;

public sealed class PostgresStoreTests(PostgresStoreFixture fixture) : StoreContractTests, IClassFixture<PostgresStoreFixture>
{
    private protected override SqlKefuStore Store => fixture.Store;

    [Fact]
    public async Task Migrate_SeveralNodesAtOnce_AppliesEachMigrationOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        var connectionString = await fixture.Server.CreateDatabaseAsync(ct);
        var dialects = Enumerable.Range(0, 4).Select(_ => new PostgresDialect(NpgsqlDataSource.Create(connectionString))).ToList();
        try
        {
            await Task.WhenAll(dialects.Select(d => new SqlKefuStore(d, TimeProvider.System, NullLogger<SqlKefuStore>.Instance).MigrateAsync(ct).AsTask()))
                .WaitAsync(TimeSpan.FromSeconds(30), ct);

            await using var connection = new NpgsqlConnection(connectionString);
            var versions = await connection.QueryAsync<long>(new CommandDefinition("SELECT version FROM schema_migrations ORDER BY version", cancellationToken: ct));
            // Every embedded migration, once each.
            var embedded = typeof(SqlKefuStore).Assembly.GetManifestResourceNames()
                .Where(n => n.StartsWith("Migrations/", StringComparison.Ordinal))
                .Select(n => long.Parse(n["Migrations/".Length..].Split('_')[0], System.Globalization.CultureInfo.InvariantCulture))
                .Order();
            Assert.Equal(embedded, versions);
        }
        finally
        {
            foreach (var dialect in dialects)
            {
                await dialect.DisposeAsync();
            }
        }
    }
}
