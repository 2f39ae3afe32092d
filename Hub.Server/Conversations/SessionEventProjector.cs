using KefuHub.Routing;
using KefuHub.Server.Storage;

namespace KefuHub.Server.Conversations;

/// <summary>
/// Writes each routing event's session change to the durable store, in command order (the engine
/// publishes a tenant's events one batch at a time), so history and reconnects see what routing did.
/// Registered before <see cref="HubEventPublisher"/>: a pushed change is already stored.
/// </summary>
internal sealed partial class SessionEventProjector(ISessionStore sessions, TimeProvider time, ILogger<SessionEventProjector> logger) : IRoutingEventSink
{
    /// <summary>Waits between attempts at a write the database refused; a brief outage is absorbed, a long one is logged.</summary>
    private static readonly TimeSpan[] RetryDelays = [TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(2)];

    public async ValueTask PublishAsync(int tenantId, IReadOnlyList<RoutingEvent> events, CancellationToken cancellationToken)
    {
        foreach (var routingEvent in events)
        {
            switch (routingEvent)
            {
                case RoutingEvent.SessionAssigned assigned:
                    await SaveAsync(tenantId, assigned.Session, assigned.PreviousAgentId is not null || assigned.Reason == AssignmentReason.Transferred, null, cancellationToken);
                    break;
                case RoutingEvent.SessionQueued queued:
                    await SaveAsync(tenantId, queued.Session, queued.Reason == QueueReason.TransferredToQueue, null, cancellationToken);
                    break;
                case RoutingEvent.SessionEnded ended:
                    await SaveAsync(tenantId, ended.Session, false, ended.Reason.ToString(), cancellationToken);
                    break;
            }
        }
    }

    private async ValueTask SaveAsync(int tenantId, SessionSnapshot session, bool transferred, string? endReason, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await WriteAsync(tenantId, session, transferred, endReason, cancellationToken);
                return;
            }
            catch (System.Data.Common.DbException ex) when (attempt < RetryDelays.Length)
            {
                LogRetrying(logger, tenantId, session.SessionId, attempt + 1, ex);
                await Task.Delay(RetryDelays[attempt], time, cancellationToken);
            }
        }
    }

    /// <summary>One upsert per change; the store keeps what history needs from earlier ones (first start, last agent, transferred).</summary>
    private ValueTask WriteAsync(int tenantId, SessionSnapshot session, bool transferred, string? endReason, CancellationToken cancellationToken) =>
        sessions.UpsertSessionAsync(
            new SessionRecord
            {
                TenantId = tenantId,
                ServiceSessionId = session.SessionId,
                VisitorId = session.VisitorId,
                State = session.State,
                QueueId = session.QueueId,
                AgentUserId = session.AgentId,
                SpecifiedAgentUserId = session.SpecifiedAgentId,
                CreatedAt = session.CreatedAt,
                StartedAt = session.AssignedAt,
                StoppedAt = session.State is SessionState.Terminal or SessionState.Abort ? time.GetUtcNow() : null,
                Transferred = transferred,
                EndReason = endReason,
            },
            cancellationToken);

    [LoggerMessage(3003, LogLevel.Warning, "Storing session {ServiceSessionId} of tenant {TenantId} failed (attempt {Attempt}); retrying")]
    private static partial void LogRetrying(ILogger logger, int tenantId, string serviceSessionId, int attempt, Exception exception);
}
