using KefuHub.Routing;

namespace KefuHub.Server.Storage;

public interface ISessionStore
{
    /// <summary>
    /// Inserts the session or updates its routing fields (state, queue, agents, times, transferred,
    /// end reason), keeping what history needs across changes: the first <c>StartedAt</c>, <c>Transferred</c>
    /// and <c>RatingInvited</c> once set, the specified agent, every agent who served it, and, once ended, the last one. Summaries, comment,
    /// rating, <c>LastSeq</c> and <c>AgentLastMessageAt</c> of an existing row stay as they are.
    /// Throws <see cref="VisitorHasOpenSessionException"/> when the session would be a second open one of its visitor.
    /// </summary>
    ValueTask UpsertSessionAsync(SessionRecord session, CancellationToken cancellationToken);

    /// <summary>
    /// <see cref="UpsertSessionAsync"/> for many, in order, in one transaction. A session that would be a
    /// second open one of its visitor is left out, the others are stored: the ids of those left out.
    /// </summary>
    ValueTask<IReadOnlyList<string>> UpsertSessionsAsync(IReadOnlyList<SessionRecord> sessions, CancellationToken cancellationToken);

    ValueTask<SessionRecord?> GetSessionAsync(int tenantId, string serviceSessionId, CancellationToken cancellationToken);

    /// <summary>The visitor's open session (Wait, Processing or Robot), if any.</summary>
    ValueTask<SessionRecord?> FindOpenSessionAsync(int tenantId, string visitorId, CancellationToken cancellationToken);

    /// <summary>Every session in Wait or Processing (those routing holds), of every tenant (for recovery at start-up).</summary>
    ValueTask<IReadOnlyList<SessionRecord>> ListOpenSessionsAsync(CancellationToken cancellationToken);

    ValueTask<IReadOnlyList<SessionRecord>> ListSessionsByAgentAsync(int tenantId, string agentUserId, SessionState state, CancellationToken cancellationToken);

    ValueTask SetSummaryAsync(int tenantId, string serviceSessionId, IReadOnlyList<int> summaryIds, string? comment, CancellationToken cancellationToken);

    ValueTask SetRatingAsync(int tenantId, string serviceSessionId, int score, string? detail, IReadOnlyList<string> tags, CancellationToken cancellationToken);

    /// <summary>Records that the session's visitor was asked to rate it (<see cref="SessionRecord.RatingInvited"/>).</summary>
    ValueTask SetRatingInvitedAsync(int tenantId, string serviceSessionId, CancellationToken cancellationToken);

    /// <summary>
    /// Stores the message durably with the session's next <c>seq</c>, once per
    /// <see cref="NewMessage.ClientMessageId"/> and sender (a visitor's "msg-1" and the agent's "msg-1" are two
    /// messages): a repeat returns the stored message and stores nothing. Returns once the message is committed;
    /// concurrent calls share transactions (group commit), so <c>seq</c> follows the order calls arrive in.
    /// An agent's message also sets the session's <c>AgentLastMessageAt</c>.
    /// Throws <see cref="KeyNotFoundException"/> when the session does not exist.
    /// </summary>
    ValueTask<AppendMessageResult> AppendMessageAsync(NewMessage message, CancellationToken cancellationToken);

    /// <summary>Messages with <c>seq</c> greater than <paramref name="afterSeq"/>, in <c>seq</c> order, at most <paramref name="size"/>.</summary>
    ValueTask<IReadOnlyList<MessageRecord>> GetMessagesAsync(int tenantId, string serviceSessionId, long afterSeq, int size, CancellationToken cancellationToken);
}
