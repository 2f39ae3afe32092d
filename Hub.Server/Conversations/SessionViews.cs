using KefuHub.Routing;
using KefuHub.Server.Hubs.Contracts;
using KefuHub.Server.Storage;

namespace KefuHub.Server.Conversations;

/// <summary>Builds the session shape agents see, with the visitor's nickname and the agent's username.</summary>
public sealed class SessionViews(IVisitorStore visitors, AgentDirectory directory)
{
    public async ValueTask<SessionView> ToViewAsync(int tenantId, SessionSnapshot session, CancellationToken cancellationToken) =>
        (await ToViewsAsync(tenantId, [session], cancellationToken))[0];

    /// <summary>The views of <paramref name="sessions"/>, in their order, with one read of the visitors' nicknames.</summary>
    public async ValueTask<List<SessionView>> ToViewsAsync(int tenantId, IReadOnlyCollection<SessionSnapshot> sessions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        var nicknames = await visitors.GetVisitorNicknamesAsync(tenantId, sessions.Select(s => s.VisitorId).ToList(), cancellationToken);
        var result = new List<SessionView>(sessions.Count);
        foreach (var session in sessions)
        {
            result.Add(ContractMapper.ToView(session, nicknames.GetValueOrDefault(session.VisitorId), await UsernameAsync(tenantId, session.AgentId, cancellationToken)));
        }

        return result;
    }

    public async ValueTask<string?> UsernameAsync(int tenantId, string? agentUserId, CancellationToken cancellationToken) =>
        agentUserId is null ? null : (await directory.GetAsync(tenantId, agentUserId, cancellationToken))?.Username;
}
