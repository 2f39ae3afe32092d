using KefuHub.Server.Hubs;
using KefuHub.Server.Storage;

namespace KefuHub.Tests.Server.Hubs;

/// <summary>The real agent store, except that reads made from inside <see cref="AgentHub"/> fail while <see cref="FailReadsFromTheHub"/> is set.</summary>
public sealed class FailingAgentStore
{
    public bool FailReadsFromTheHub { get; set; }

    public IAgentStore Wrap(IAgentStore inner) => new Store(this, inner);

    private sealed class Store(FailingAgentStore owner, IAgentStore inner) : IAgentStore
    {
        public ValueTask<IReadOnlyList<AgentRecord>> ListAgentsAsync(int tenantId, CancellationToken cancellationToken) => inner.ListAgentsAsync(tenantId, cancellationToken);

        public ValueTask<AgentRecord?> GetAgentAsync(int tenantId, string userId, CancellationToken cancellationToken) =>
            owner.FailReadsFromTheHub && Environment.StackTrace.Contains(nameof(AgentHub), StringComparison.Ordinal)
                ? throw new InvalidOperationException("The agent store is unreachable (test).")
                : inner.GetAgentAsync(tenantId, userId, cancellationToken);

        public ValueTask<AgentRecord?> FindAgentByUsernameAsync(int tenantId, string username, CancellationToken cancellationToken) =>
            inner.FindAgentByUsernameAsync(tenantId, username, cancellationToken);

        public ValueTask<bool> CreateAgentAsync(AgentRecord agent, CancellationToken cancellationToken) => inner.CreateAgentAsync(agent, cancellationToken);

        public ValueTask<bool> UpdateAgentAsync(AgentRecord agent, CancellationToken cancellationToken) => inner.UpdateAgentAsync(agent, cancellationToken);

        public ValueTask<bool> DeleteAgentAsync(int tenantId, string userId, CancellationToken cancellationToken) => inner.DeleteAgentAsync(tenantId, userId, cancellationToken);
    }
}
