using KefuHub.Routing;
using KefuHub.Server.Storage;

namespace KefuHub.Server.Conversations;

/// <summary>
/// Writes each routing event's session change to the durable store, in command order (the engine
/// publishes a tenant's events one batch at a time), so history and reconnects see what routing did.
/// Registered before <see cref="HubEventPublisher"/>: a pushed change is already stored.
/// </summary>
internal sealed partial class SessionEventProjector(ISessionStore sessions, SessionStoreRefusals refusals, TimeProvider time, ILogger<SessionEventProjector> logger)
    : IRoutingEventSink
{
    /// <summary>Waits between attempts at a write the database refused; a brief outage is absorbed, a long one is logged.</summary>
    private static readonly TimeSpan[] RetryDelays = [TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(2)];

    public async ValueTask PublishAsync(int tenantId, IReadOnlyList<RoutingEvent> events, CancellationToken cancellationToken)
    {
        // The engine hands over everything queued since its last call: all of it is one transaction
        // (one commit for a burst of starts), in event order, so a session's later change wins.
        var records = new List<SessionRecord>(events.Count);
        foreach (var routingEvent in events)
        {
            switch (routingEvent)
            {
                case RoutingEvent.SessionAssigned assigned:
                    records.Add(ToRecord(tenantId, assigned.Session, assigned.PreviousAgentId is not null || assigned.Reason == AssignmentReason.Transferred, null));
                    break;
                case RoutingEvent.SessionQueued queued:
                    records.Add(ToRecord(tenantId, queued.Session, queued.Reason == QueueReason.TransferredToQueue, null));
                    break;
                case RoutingEvent.SessionEnded ended:
                    records.Add(ToRecord(tenantId, ended.Session, false, ended.Reason.ToString()));
                    break;
            }
        }

        if (records.Count == 0)
        {
            return;
        }

        IReadOnlyList<string> refusedIds;
        try
        {
            refusedIds = await SaveAsync(tenantId, records, cancellationToken);
        }
        catch
        {
            foreach (var record in records)
            {
                refusals.Add(tenantId, record.ServiceSessionId);
            }

            throw;
        }

        foreach (var refused in refusedIds)
        {
            // The store holds another open session of this visitor; ConversationService.StartSessionAsync resolves it.
            refusals.Add(tenantId, refused);
            LogRefused(logger, tenantId, refused);
        }
    }

    private async ValueTask<IReadOnlyList<string>> SaveAsync(int tenantId, List<SessionRecord> records, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await sessions.UpsertSessionsAsync(records, cancellationToken);
            }
            catch (System.Data.Common.DbException ex) when (attempt < RetryDelays.Length)
            {
                LogRetrying(logger, tenantId, records[0].ServiceSessionId, attempt + 1, ex);
                await Task.Delay(RetryDelays[attempt], time, cancellationToken);
            }
        }
    }

    /// <summary>One upsert per change; the store keeps what history needs from earlier ones (first start, last agent, transferred).</summary>
    private SessionRecord ToRecord(int tenantId, SessionSnapshot session, bool transferred, string? endReason) => new()
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
        RoutingVersion = session.Version,
    };

    [LoggerMessage(3004, LogLevel.Warning, "Tenant {TenantId}: the store refused session {ServiceSessionId}: its visitor has another open session")]
    private static partial void LogRefused(ILogger logger, int tenantId, string serviceSessionId);

    [LoggerMessage(3003, LogLevel.Warning, "Storing sessions (the first {ServiceSessionId}) of tenant {TenantId} failed (attempt {Attempt}); retrying")]
    private static partial void LogRetrying(ILogger logger, int tenantId, string serviceSessionId, int attempt, Exception exception);
}
