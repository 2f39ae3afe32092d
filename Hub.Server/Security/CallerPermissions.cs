using KefuHub.Server.Storage;

namespace KefuHub.Server.Security;

/// <summary>The permissions of a caller, read from its agent record at each call (a role change applies at once).</summary>
public sealed class CallerPermissions(IAgentStore agents)
{
    public async ValueTask<Permission> GetAsync(CallerIdentity caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return caller.Kind switch
        {
            TokenKind.Api => Permission.All,
            TokenKind.Agent => await agents.GetAgentAsync(caller.TenantId, caller.SubjectId, cancellationToken) is { } agent ? Of(agent) : Permission.None,
            _ => Permission.None,
        };
    }

    public static Permission Of(AgentRecord agent)
    {
        ArgumentNullException.ThrowIfNull(agent);
        return agent.IsAdmin ? Permission.All : Permission.None;
    }
}
