using KefuHub.Routing;
using KefuHub.Server.Hubs.Contracts;
using KefuHub.Server.Storage;

namespace KefuHub.Server.Conversations;

/// <summary>Builds the session shape agents see, with the visitor's nickname and the agent's username.</summary>
public sealed class SessionViews(IVisitorStore visitors, AgentDirectory directory)
{
    public async ValueTask<SessionView> ToViewAsync(int tenantId, SessionSnapshot session, CancellationToken cancellationToken)
    {
        var visitor = await visitors.GetVisitorAsync(tenantId, session.VisitorId, cancellationToken);
        return ContractMapper.ToView(session, visitor?.Nickname, await UsernameAsync(tenantId, session.AgentId, cancellationToken));
    }

    public async ValueTask<string?> UsernameAsync(int tenantId, string? agentUserId, CancellationToken cancellationToken) =>
        agentUserId is null ? null : (await directory.GetAsync(tenantId, agentUserId, cancellationToken))?.Username;
}
