using KefuHub.Routing;
using KefuHub.Server.Storage;

namespace KefuHub.Server.Conversations;

/// <summary>
/// Rebuilds a tenant's routing state from the durable store: settings, agents and queues, then every
/// session still open there, oldest first, at its original place. Used when routing state was lost: an
/// in-process store at every start, a Redis store on its first start or after Redis lost its data.
/// </summary>
internal sealed partial class TenantRoutingRebuilder(
    TenantRoutingLoader loader,
    ISessionStore sessions,
    RoutingEngine engine,
    TimeProvider time,
    ILogger<TenantRoutingRebuilder> logger)
{
    /// <remarks>
    /// Safe to run again after a failure half-way: loading only sets, and sessions routing already has are
    /// skipped. Visitors reconnect to the same session and history; agents come back Offline and are routed
    /// sessions again once they are Online. A session routing refuses ends as Abort.
    /// </remarks>
    public async ValueTask RebuildAsync(int tenantId, CancellationToken cancellationToken)
    {
        await loader.LoadTenantAsync(tenantId, cancellationToken);
        var open = (await sessions.ListOpenSessionsAsync(cancellationToken)).Where(s => s.TenantId == tenantId).ToList();
        var restored = 0;
        foreach (var session in open.OrderBy(s => s.CreatedAt).ThenBy(s => s.ServiceSessionId, StringComparer.Ordinal))
        {
            if (await engine.ReadAsync(tenantId, s => s.GetSession(session.ServiceSessionId) is not null, cancellationToken))
            {
                continue;
            }

            var decision = await engine.RestoreSessionAsync(tenantId, session.ServiceSessionId, session.VisitorId, session.QueueId, session.CreatedAt, cancellationToken);
            if (decision.Succeeded)
            {
                restored++;
                continue;
            }

            await sessions.UpsertSessionAsync(session with { State = SessionState.Abort, StoppedAt = time.GetUtcNow(), EndReason = "NotRestored" }, cancellationToken);
            LogNotRestored(logger, tenantId, session.ServiceSessionId, decision.Message);
        }

        if (restored > 0)
        {
            LogRestored(logger, tenantId, restored);
        }
    }

    [LoggerMessage(3103, LogLevel.Information, "Restored {Count} open sessions of tenant {TenantId} into routing")]
    private static partial void LogRestored(ILogger logger, int tenantId, int count);

    [LoggerMessage(3104, LogLevel.Warning, "Session {ServiceSessionId} of tenant {TenantId} could not be restored and was ended: {Reason}")]
    private static partial void LogNotRestored(ILogger logger, int tenantId, string serviceSessionId, string? reason);
}
