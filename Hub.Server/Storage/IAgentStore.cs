namespace KefuHub.Server.Storage;

public interface IAgentStore
{
    ValueTask<IReadOnlyList<AgentRecord>> ListAgentsAsync(int tenantId, CancellationToken cancellationToken);

    ValueTask<AgentRecord?> GetAgentAsync(int tenantId, string userId, CancellationToken cancellationToken);

    /// <summary>Usernames compare case-insensitively.</summary>
    ValueTask<AgentRecord?> FindAgentByUsernameAsync(int tenantId, string username, CancellationToken cancellationToken);

    /// <summary>Creates the agent; false when the tenant has an agent with that username or user id already.</summary>
    ValueTask<bool> CreateAgentAsync(AgentRecord agent, CancellationToken cancellationToken);

    /// <summary>Replaces every field of the agent with this user id; false when there is none, or when another agent of the tenant has the new username.</summary>
    ValueTask<bool> UpdateAgentAsync(AgentRecord agent, CancellationToken cancellationToken);

    ValueTask<bool> DeleteAgentAsync(int tenantId, string userId, CancellationToken cancellationToken);
}
