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
        var dialects = Enumerable.Range(0, 4).Select(_ => PostgresDialect.Create(connectionString)).ToList();
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

    /// <summary>
    /// Issue 16: a burst's reads take every connection of the pool; the serial writers (routing rounds,
    /// message batches) have their own and still write, instead of queueing behind the reads.
    /// </summary>
    [Fact]
    public async Task SharedPoolAllTaken_RoutingRoundsAndMessageBatchesStillWrite()
    {
        var ct = TestContext.Current.CancellationToken;
        // 10 in all: 7 shared, 3 for the serial writers; a shared connection is waited for 2 s at most.
        var connectionString = await fixture.Server.CreateDatabaseAsync(ct) + ";Maximum Pool Size=10;Timeout=2";
        await using var dialect = PostgresDialect.Create(connectionString);
        var store = new SqlKefuStore(dialect, TimeProvider.System, NullLogger<SqlKefuStore>.Instance);
        await store.MigrateAsync(ct);
        var tenant = Tenant(990_001);
        Assert.True(await store.CreateTenantAsync(tenant, ct));

        var held = new List<System.Data.Common.DbConnection>();
        try
        {
            for (var i = 0; i < 7; i++)
            {
                held.Add(await dialect.OpenConnectionAsync(ct));
            }

            // The shared pool is all taken: an ordinary read waits for a connection and gives up.
            await Assert.ThrowsAnyAsync<NpgsqlException>(() => store.GetSessionAsync(tenant.TenantId, "s1", ct).AsTask());

            Assert.Empty(await store.UpsertSessionsAsync([Session(tenant.TenantId, "s1", "v1", KefuHub.Routing.SessionState.Processing)], ct).AsTask().WaitAsync(TimeSpan.FromSeconds(10), ct));
            var appended = await store.AppendMessageAsync(Message(tenant.TenantId, "s1", "c1", MessageSender.Visitor, DateTimeOffset.UtcNow), ct).AsTask().WaitAsync(TimeSpan.FromSeconds(10), ct);
            Assert.Equal(1, appended.Message.Seq);
        }
        finally
        {
            foreach (var connection in held)
            {
                await connection.DisposeAsync();
            }
        }

        Assert.Equal(KefuHub.Routing.SessionState.Processing, (await store.GetSessionAsync(tenant.TenantId, "s1", ct))!.State);
    }

    /// <summary>
    /// Two nodes' stores over one database send the same messages at once (a client resending to another node):
    /// the copies race past each other's batches, the unique index refuses the later ones, and each is answered
    /// with the one stored message.
    /// </summary>
    [Fact]
    public async Task AppendMessage_SameMessagesThroughTwoNodesAtOnce_StoredOnce_BothAnsweredWithIt()
    {
        var ct = TestContext.Current.CancellationToken;
        var connectionString = await fixture.Server.CreateDatabaseAsync(ct);
        await using var dialectA = PostgresDialect.Create(connectionString);
        await using var dialectB = PostgresDialect.Create(connectionString);
        var a = new SqlKefuStore(dialectA, TimeProvider.System, NullLogger<SqlKefuStore>.Instance);
        var b = new SqlKefuStore(dialectB, TimeProvider.System, NullLogger<SqlKefuStore>.Instance);
        await a.MigrateAsync(ct);
        var tenant = Tenant(990_002);
        Assert.True(await a.CreateTenantAsync(tenant, ct));
        var sessionIds = Enumerable.Range(0, 10).Select(i => $"two{i}").ToList();
        await a.UpsertSessionsAsync([.. sessionIds.Select((id, i) => Session(tenant.TenantId, id, $"v{i}", KefuHub.Routing.SessionState.Processing))], ct);

        var sends = sessionIds.SelectMany(id => Enumerable.Range(0, 20).Select(i => Message(tenant.TenantId, id, $"c{i}", MessageSender.Visitor, DateTimeOffset.UtcNow)))
            .SelectMany(m => new[] { a.AppendMessageAsync(m, ct).AsTask(), b.AppendMessageAsync(m with { MessageId = "b-" + m.MessageId }, ct).AsTask() })
            .ToList();
        var answers = await Task.WhenAll(sends).WaitAsync(TimeSpan.FromSeconds(60), ct);

        foreach (var id in sessionIds)
        {
            var stored = await a.GetMessagesAsync(tenant.TenantId, id, 0, 1000, ct);
            Assert.Equal(Enumerable.Range(1, 20).Select(i => (long)i), stored.Select(m => m.Seq));
            Assert.Equal(20, stored.Select(m => m.ClientMessageId).Distinct().Count());
            var byClientId = stored.ToDictionary(m => m.ClientMessageId!);
            var mine = answers.Where(r => r.Message.ServiceSessionId == id).ToList();
            Assert.Equal(40, mine.Count);
            Assert.All(mine, r => Assert.Equal(byClientId[r.Message.ClientMessageId!], r.Message));
            Assert.Equal(20, mine.Count(r => !r.Duplicate));
        }
    }
}
