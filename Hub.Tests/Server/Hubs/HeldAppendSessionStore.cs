using KefuHub.Routing;
using KefuHub.Server.Storage;

namespace KefuHub.Tests.Server.Hubs;

/// <summary>The real session store, except that a test can hold the next message append before it is stored.</summary>
internal sealed class HeldAppendSessionStore(ISessionStore inner) : ISessionStore
{
    private readonly Lock _gate = new();
    private TaskCompletionSource? _entered;
    private TaskCompletionSource? _release;

    /// <summary>Holds the next append: <c>Entered</c> completes when it arrives; it is stored once <c>release</c> is called.</summary>
    public (Task Entered, Action Release) HoldNext()
    {
        lock (_gate)
        {
            _entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var release = _release;
            return (_entered.Task, () => release.TrySetResult());
        }
    }

    public async ValueTask<AppendMessageResult> AppendMessageAsync(NewMessage message, CancellationToken cancellationToken)
    {
        Task? held = null;
        lock (_gate)
        {
            if (_entered is { } entered)
            {
                _entered = null;
                held = _release!.Task;
                entered.TrySetResult();
            }
        }

        if (held is not null)
        {
            await held.WaitAsync(cancellationToken);
        }

        return await inner.AppendMessageAsync(message, cancellationToken);
    }

    public ValueTask UpsertSessionAsync(SessionRecord session, CancellationToken cancellationToken) => inner.UpsertSessionAsync(session, cancellationToken);

    public ValueTask<IReadOnlyList<string>> UpsertSessionsAsync(IReadOnlyList<SessionRecord> sessions, CancellationToken cancellationToken) =>
        inner.UpsertSessionsAsync(sessions, cancellationToken);

    public ValueTask<SessionRecord?> GetSessionAsync(int tenantId, string serviceSessionId, CancellationToken cancellationToken) =>
        inner.GetSessionAsync(tenantId, serviceSessionId, cancellationToken);

    public ValueTask<SessionRecord?> FindOpenSessionAsync(int tenantId, string visitorId, CancellationToken cancellationToken) =>
        inner.FindOpenSessionAsync(tenantId, visitorId, cancellationToken);

    public ValueTask<IReadOnlyList<SessionRecord>> ListOpenSessionsAsync(CancellationToken cancellationToken) => inner.ListOpenSessionsAsync(cancellationToken);

    public ValueTask<IReadOnlyList<SessionRecord>> ListSessionsByAgentAsync(int tenantId, string agentUserId, SessionState state, CancellationToken cancellationToken) =>
        inner.ListSessionsByAgentAsync(tenantId, agentUserId, state, cancellationToken);

    public ValueTask SetSummaryAsync(int tenantId, string serviceSessionId, IReadOnlyList<int> summaryIds, string? comment, CancellationToken cancellationToken) =>
        inner.SetSummaryAsync(tenantId, serviceSessionId, summaryIds, comment, cancellationToken);

    public ValueTask SetRatingAsync(int tenantId, string serviceSessionId, int score, string? detail, IReadOnlyList<string> tags, CancellationToken cancellationToken) =>
        inner.SetRatingAsync(tenantId, serviceSessionId, score, detail, tags, cancellationToken);

    public ValueTask SetRatingInvitedAsync(int tenantId, string serviceSessionId, CancellationToken cancellationToken) =>
        inner.SetRatingInvitedAsync(tenantId, serviceSessionId, cancellationToken);

    public ValueTask<IReadOnlyList<MessageRecord>> GetMessagesAsync(int tenantId, string serviceSessionId, long afterSeq, int size, CancellationToken cancellationToken) =>
        inner.GetMessagesAsync(tenantId, serviceSessionId, afterSeq, size, cancellationToken);
}
