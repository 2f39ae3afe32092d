using KefuHub.Routing;
using KefuHub.Server.Conversations;
using KefuHub.Server.Security;
using KefuHub.Server.Storage;
using Microsoft.Extensions.Options;

namespace KefuHub.Server.Hosting;

/// <summary>
/// Runs before the server listens (in <see cref="IHostedLifecycleService.StartingAsync"/>, which the host
/// calls before starting any hosted service, the web server included): migrates the schema, creates the
/// bootstrap tenant on an empty store, loads every tenant into routing, and brings back the sessions
/// that in-process routing state lost in a restart.
/// </summary>
internal sealed partial class HubInitializer(
    IStorageMigrator migrator,
    ITenantStore tenants,
    IAgentStore agents,
    ISessionStore sessions,
    IRoutingStateStore routingState,
    TenantRoutingLoader loader,
    RoutingEngine engine,
    IOptions<BootstrapOptions> bootstrap,
    TimeProvider time,
    ILogger<HubInitializer> logger) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        await migrator.MigrateAsync(cancellationToken);
        var all = await tenants.ListTenantsAsync(cancellationToken);
        if (all.Count == 0)
        {
            await BootstrapAsync(cancellationToken);
            all = await tenants.ListTenantsAsync(cancellationToken);
        }

        foreach (var tenant in all)
        {
            await loader.LoadTenantAsync(tenant.TenantId, cancellationToken);
        }

        if (routingState is InMemoryRoutingStateStore)
        {
            await RestoreOpenSessionsAsync(cancellationToken);
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

    /// <summary>
    /// With routing state in this process, a restart forgets who was waiting or served. Every session the
    /// store still has open waits again at its original place (oldest first, before any new session) and
    /// is routed as agents come back; its visitor reconnects to the same session and history. One that
    /// routing refuses ends as Abort.
    /// </summary>
    private async Task RestoreOpenSessionsAsync(CancellationToken cancellationToken)
    {
        var open = await sessions.ListOpenSessionsAsync(cancellationToken);
        foreach (var session in open.OrderBy(s => s.CreatedAt).ThenBy(s => s.ServiceSessionId, StringComparer.Ordinal))
        {
            var decision = await engine.RestoreSessionAsync(session.TenantId, session.ServiceSessionId, session.VisitorId, session.QueueId, session.CreatedAt, cancellationToken);
            if (!decision.Succeeded)
            {
                await sessions.UpsertSessionAsync(session with { State = SessionState.Abort, StoppedAt = time.GetUtcNow(), EndReason = "NotRestored" }, cancellationToken);
                LogNotRestored(logger, session.TenantId, session.ServiceSessionId, decision.Message);
            }
        }

        if (open.Count > 0)
        {
            LogRestored(logger, open.Count);
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

    [LoggerMessage(3103, LogLevel.Information, "Restored {Count} sessions left open by the previous run into routing")]
    private static partial void LogRestored(ILogger logger, int count);

    [LoggerMessage(3104, LogLevel.Warning, "Session {ServiceSessionId} of tenant {TenantId} could not be restored and was ended: {Reason}")]
    private static partial void LogNotRestored(ILogger logger, int tenantId, string serviceSessionId, string? reason);
}
