using System.Data.Common;
using KefuHub.Routing;
using KefuHub.Server.Conversations;
using KefuHub.Server.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace KefuHub.Tests.Server;

public sealed class SessionEventProjectorTests
{
    private static readonly SessionSnapshot Session = new("s1", "v1", SessionState.Processing, null, null, "a1", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);

    [Fact]
    public async Task DatabaseRefusingBriefly_TheChangeIsStoredOnARetry()
    {
        var store = new FlakySessionStore(failures: 2);
        var projector = new SessionEventProjector(store, new SessionStoreRefusals(TimeProvider.System), TimeProvider.System, NullLogger<SessionEventProjector>.Instance);

        await projector.PublishAsync(1, [new RoutingEvent.SessionAssigned(Session, AssignmentReason.Routed, null)], TestContext.Current.CancellationToken);

        Assert.Equal(3, store.Attempts);
        Assert.Equal(("s1", SessionState.Processing, "a1"), (store.Saved!.ServiceSessionId, store.Saved.State, store.Saved.AgentUserId));
    }

    [Fact]
    public async Task DatabaseDown_GivesUpAfterItsRetries()
    {
        var store = new FlakySessionStore(failures: int.MaxValue);
        var refusals = new SessionStoreRefusals(TimeProvider.System);
        var projector = new SessionEventProjector(store, refusals, TimeProvider.System, NullLogger<SessionEventProjector>.Instance);

        await Assert.ThrowsAsync<FlakyDbException>(() =>
            projector.PublishAsync(1, [new RoutingEvent.SessionAssigned(Session, AssignmentReason.Routed, null)], TestContext.Current.CancellationToken).AsTask());

        Assert.Equal(4, store.Attempts);
        Assert.True(refusals.TryTake(1, "s1")); // Not stored: StartSession looks at the store again.
    }

    [Fact]
    public async Task StoreRefusingASession_NotesThatOneOnly_Once()
    {
        var store = new FlakySessionStore(failures: 0, refuse: "s2");
        var refusals = new SessionStoreRefusals(TimeProvider.System);
        var projector = new SessionEventProjector(store, refusals, TimeProvider.System, NullLogger<SessionEventProjector>.Instance);
        var second = Session with { SessionId = "s2", VisitorId = "v2" };

        await projector.PublishAsync(
            1,
            [new RoutingEvent.SessionAssigned(Session, AssignmentReason.Routed, null), new RoutingEvent.SessionAssigned(second, AssignmentReason.Routed, null)],
            TestContext.Current.CancellationToken);

        Assert.False(refusals.TryTake(1, "s1"));
        Assert.False(refusals.TryTake(2, "s2"));
        Assert.True(refusals.TryTake(1, "s2"));
        Assert.False(refusals.TryTake(1, "s2"));
    }

    [Fact]
    public void ANoteNobodyTakes_GoesAfterFiveMinutes()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var refusals = new SessionStoreRefusals(time);
        refusals.Add(1, "old");
        time.Advance(TimeSpan.FromMinutes(6));
        refusals.Add(1, "new");

        Assert.False(refusals.TryTake(1, "old"));
        Assert.True(refusals.TryTake(1, "new"));
    }

    private sealed class FlakyDbException() : DbException("the database is restarting");

    /// <summary>Fails the first <c>failures</c> writes, then refuses session <c>refuse</c>; reads find nothing.</summary>
    private sealed class FlakySessionStore(int failures, string? refuse = null) : ISessionStore
    {
        public int Attempts { get; private set; }

        public SessionRecord? Saved { get; private set; }

        public ValueTask UpsertSessionAsync(SessionRecord session, CancellationToken cancellationToken) => throw new NotSupportedException();

        public ValueTask<IReadOnlyList<string>> UpsertSessionsAsync(IReadOnlyList<SessionRecord> sessions, CancellationToken cancellationToken)
        {
            if (++Attempts <= failures)
            {
                throw new FlakyDbException();
            }

            Saved = sessions[^1];
            return ValueTask.FromResult<IReadOnlyList<string>>(sessions.Where(s => s.ServiceSessionId == refuse).Select(s => s.ServiceSessionId).ToList());
        }

        public ValueTask<SessionRecord?> GetSessionAsync(int tenantId, string serviceSessionId, CancellationToken cancellationToken) => ValueTask.FromResult<SessionRecord?>(null);

        public ValueTask<SessionRecord?> FindOpenSessionAsync(int tenantId, string visitorId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public ValueTask<IReadOnlyList<SessionRecord>> ListOpenSessionsAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

        public ValueTask<IReadOnlyList<SessionRecord>> ListSessionsByAgentAsync(int tenantId, string agentUserId, SessionState state, CancellationToken cancellationToken) => throw new NotSupportedException();

        public ValueTask SetSummaryAsync(int tenantId, string serviceSessionId, IReadOnlyList<int> summaryIds, string? comment, CancellationToken cancellationToken) => throw new NotSupportedException();

        public ValueTask SetRatingAsync(int tenantId, string serviceSessionId, int score, string? detail, IReadOnlyList<string> tags, CancellationToken cancellationToken) => throw new NotSupportedException();

        public ValueTask SetRatingInvitedAsync(int tenantId, string serviceSessionId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public ValueTask<AppendMessageResult> AppendMessageAsync(NewMessage message, CancellationToken cancellationToken) => throw new NotSupportedException();

        public ValueTask<IReadOnlyList<MessageRecord>> GetMessagesAsync(int tenantId, string serviceSessionId, long afterSeq, int size, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
