using KefuHub.Server.Storage;
using KefuHub.Server.Storage.Postgres;
using KefuHub.Server.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.AspNetCore.Builder;

internal static class StorageHostingExtensions
{
    /// <summary>
    /// The durable store: PostgreSQL when <c>ConnectionStrings:Postgres</c> is set, else SQLite in
    /// <see cref="StorageOptions.DataDirectory"/>. One instance serves every storage port, and a
    /// <c>storage</c> health check pings it. The schema is migrated by calling <see cref="IStorageMigrator.MigrateAsync"/>.
    /// </summary>
    public static WebApplicationBuilder AddKefuStorage(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.SectionName);

        var postgres = builder.Configuration.GetConnectionString("Postgres");
        if (string.IsNullOrWhiteSpace(postgres))
        {
            services.TryAddSingleton<SqlDialect>(sp => new SqliteDialect(sp.GetRequiredService<IOptions<StorageOptions>>().Value.DataDirectory));
        }
        else
        {
            services.TryAddSingleton<SqlDialect>(_ => PostgresDialect.Create(postgres));
        }

        services.TryAddSingleton<SqlKefuStore>();
        services.TryAddSingleton<ITenantStore>(sp => sp.GetRequiredService<SqlKefuStore>());
        services.TryAddSingleton<IAgentStore>(sp => sp.GetRequiredService<SqlKefuStore>());
        services.TryAddSingleton<IQueueStore>(sp => sp.GetRequiredService<SqlKefuStore>());
        services.TryAddSingleton<IVisitorStore>(sp => sp.GetRequiredService<SqlKefuStore>());
        services.TryAddSingleton<ITokenStore>(sp => sp.GetRequiredService<SqlKefuStore>());
        services.TryAddSingleton<ISessionStore>(sp => sp.GetRequiredService<SqlKefuStore>());
        services.TryAddSingleton<ILeaveMessageStore>(sp => sp.GetRequiredService<SqlKefuStore>());
        services.TryAddSingleton<ISummaryStore>(sp => sp.GetRequiredService<SqlKefuStore>());
        services.TryAddSingleton<IQuickReplyStore>(sp => sp.GetRequiredService<SqlKefuStore>());
        services.TryAddSingleton<IRoleStore>(sp => sp.GetRequiredService<SqlKefuStore>());
        services.TryAddSingleton<IStorageMigrator>(sp => sp.GetRequiredService<SqlKefuStore>());
        services.AddHealthChecks().AddCheck<StorageHealthCheck>("storage");
        return builder;
    }
}
