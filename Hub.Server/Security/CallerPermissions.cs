using KefuHub.Server.Storage;

namespace KefuHub.Server.Security;

/// <summary>
/// The permissions of a caller, read from its agent record and role at each call (a role change applies at once):
/// client-credential tokens and administrators hold all, a custom role its own, a plain agent and a visitor none.
/// </summary>
public sealed class CallerPermissions(IAgentStore agents, IRoleStore roles)
{
    public async ValueTask<Permission> GetAsync(CallerIdentity caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return caller.Kind switch
        {
            TokenKind.Api => Permission.All,
            TokenKind.Agent => await agents.GetAgentAsync(caller.TenantId, caller.SubjectId, cancellationToken) is { } agent
                ? await OfAsync(agent, cancellationToken)
                : Permission.None,
            _ => Permission.None,
        };
    }

    public async ValueTask<Permission> OfAsync(AgentRecord agent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(agent);
        if (agent.IsAdmin)
        {
            return Permission.All;
        }

        // A role deleted or unreadable grants nothing.
        return agent.CustomRoleId is { } roleId ? (await roles.GetRoleAsync(agent.TenantId, roleId, cancellationToken))?.Permissions ?? Permission.None : Permission.None;
    }
}
