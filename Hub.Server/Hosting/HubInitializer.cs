using KefuHub.Routing;
using KefuHub.Server.Conversations;
using KefuHub.Server.Redis;
using KefuHub.Server.Security;
using KefuHub.Server.Storage;
using Microsoft.Extensions.Options;

namespace KefuHub.Server.Hosting;

/// <summary>
/// Runs before the server listens (in <see cref="IHostedLifecycleService.StartingAsync"/>, which the host
/// calls before starting any hosted service, the web server included): migrates the schema, creates the
/// bootstrap tenant on an empty store, and rebuilds routing state that did not survive (in-process state
/// always; Redis state when Redis has none). Nodes sharing Redis do this one at a time.
/// </summary>
internal sealed partial class HubInitializer(
    IStorageMigrator migrator,
    ITenantStore tenants,
    IAgentStore agents,
    IRoutingStateStore routingState,
    TenantRoutingRebuilder rebuilder,
    RoutingEngine engine,
    IClusterLock clusterLock,
    IOptions<BootstrapOptions> bootstrap,
    TimeProvider time,
    ILogger<HubInitializer> logger) : IHostedLifecycleService
{
    /// <summary>How long a node that died during start-up can keep the others waiting.</summary>
    private static readonly TimeSpan StartupLease = TimeSpan.FromMinutes(2);

    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        // Nodes sharing Redis and the database start one at a time: one migrates, bootstraps and restores.
        await using var held = await clusterLock.AcquireAsync("startup", StartupLease, cancellationToken);
        await migrator.MigrateAsync(cancellationToken);
        var all = await tenants.ListTenantsAsync(cancellationToken);
        if (all.Count == 0)
        {
            await BootstrapAsync(cancellationToken);
            all = await tenants.ListTenantsAsync(cancellationToken);
        }

        foreach (var tenant in all)
        {
            if (routingState is RedisRoutingStateStore)
            {
                // Shared state is kept; a first command seeds it from the database if Redis has none.
                await engine.RunDueDeadlinesAsync(tenant.TenantId, cancellationToken);
            }
            else
            {
                await rebuilder.RebuildAsync(tenant.TenantId, cancellationToken);
            }
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task BootstrapAsync(CancellationToken cancellationToken)
    {
        var options = bootstrap.Value;
        var now = time.GetUtcNow();
        var clientId = options.ClientId ?? Guid.NewGuid().ToString("N");
        var secretId = options.SecretId ?? SecretHasher.NewToken();
        var password = options.AdminPassword ?? SecretHasher.NewToken()[..16];
        // Nodes starting together on one empty store race here: the tenant's row decides. The loser stored
        // nothing, so it must not print credentials that never existed.
        if (!await tenants.CreateTenantAsync(
            new TenantRecord { TenantId = options.TenantId, Name = "Default", ClientId = clientId, SecretHash = SecretHasher.HashSecret(secretId), CreatedAt = now },
            cancellationToken))
        {
            LogBootstrapLost(logger, options.TenantId);
            return;
        }

        await agents.CreateAgentAsync(
            new AgentRecord
            {
                TenantId = options.TenantId,
                UserId = Guid.NewGuid().ToString(),
                Username = options.AdminUsername,
                PasswordHash = SecretHasher.HashSecret(password),
                Nicename = options.AdminUsername,
                Roles = "admin,agent",
                MaxServiceSessionCount = 10,
                Enabled = true,
                CreatedAt = now,
                UpdatedAt = now,
            },
            cancellationToken);
        LogBootstrapped(logger, options.TenantId, options.AdminUsername);
        if (options.ClientId is null || options.SecretId is null)
        {
            LogGeneratedClient(logger, options.TenantId, clientId, secretId);
        }

        if (options.AdminPassword is null)
        {
            LogGeneratedPassword(logger, options.AdminUsername, password);
        }
    }

    [LoggerMessage(3100, LogLevel.Information, "Created bootstrap tenant {TenantId} with administrator {AdminUsername}")]
    private static partial void LogBootstrapped(ILogger logger, int tenantId, string adminUsername);

    // Printed once, on the first start only, so the operator can sign in; nothing else logs secrets.
    [LoggerMessage(3101, LogLevel.Warning, "Generated REST client credentials for tenant {TenantId}: clientId={ClientId} secretId={SecretId} (shown once)")]
    private static partial void LogGeneratedClient(ILogger logger, int tenantId, string clientId, string secretId);

    [LoggerMessage(3102, LogLevel.Warning, "Generated password for administrator {AdminUsername}: {Password} (shown once)")]
    private static partial void LogGeneratedPassword(ILogger logger, string adminUsername, string password);

    [LoggerMessage(3105, LogLevel.Information, "Bootstrap tenant {TenantId} was not created here: another node created it first")]
    private static partial void LogBootstrapLost(ILogger logger, int tenantId);
}
