using KefuHub.Server.Storage;
using KefuHub.Server.Storage.Postgres;
using KefuHub.Server.Storage.Sqlite;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace KefuHub.Tests.Storage;

public sealed class StorageHostingTests
{
    [Fact]
    public async Task AddKefuStorage_WithoutPostgres_ServesEveryPortFromOneSqliteStore_AndReportsHealthy()
    {
        var ct = TestContext.Current.CancellationToken;
        var directory = Directory.CreateTempSubdirectory("kefu-hosting-");
        try
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Kefu:DataDirectory"] = Path.Combine(directory.FullName, "nested") });
            builder.AddKefuStorage();
            await using var app = builder.Build();

            var store = app.Services.GetRequiredService<SqlKefuStore>();
            Assert.IsType<SqliteDialect>(app.Services.GetRequiredService<SqlDialect>());
            Assert.All(
                new object[]
                {
                    app.Services.GetRequiredService<ITenantStore>(), app.Services.GetRequiredService<IAgentStore>(),
                    app.Services.GetRequiredService<IQueueStore>(), app.Services.GetRequiredService<IVisitorStore>(),
                    app.Services.GetRequiredService<ITokenStore>(), app.Services.GetRequiredService<ISessionStore>(),
                    app.Services.GetRequiredService<ILeaveMessageStore>(), app.Services.GetRequiredService<ISummaryStore>(),
                    app.Services.GetRequiredService<IStorageMigrator>(),
                },
                port => Assert.Same(store, port));

            await app.Services.GetRequiredService<IStorageMigrator>().MigrateAsync(ct);
            var report = await app.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Name == "storage", ct);
            Assert.Equal(HealthStatus.Healthy, Assert.Single(report.Entries).Value.Status);
            Assert.True(File.Exists(Path.Combine(directory.FullName, "nested", "kefu.db")));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task AddKefuStorage_WithPostgresConnectionString_UsesPostgres()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Postgres"] = "Host=127.0.0.1;Port=1;Username=nobody" });
        builder.AddKefuStorage();
        await using var app = builder.Build();

        Assert.IsType<PostgresDialect>(app.Services.GetRequiredService<SqlDialect>());
        Assert.False(await app.Services.GetRequiredService<IStorageMigrator>().PingAsync(TestContext.Current.CancellationToken));
    }
}
