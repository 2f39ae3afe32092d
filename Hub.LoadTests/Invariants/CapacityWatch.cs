using KefuHub.LoadTests.Client;

namespace KefuHub.LoadTests.Invariants;

/// <summary>Samples <c>GET /agents/online</c> while the load runs: an agent seen with more
/// processing sessions than its <c>maxServiceSessionCount</c> is a violation.</summary>
internal sealed class CapacityWatch(KefuRestClient rest)
{
    private readonly Lock _gate = new();
    private readonly List<string> _violations = [];
    private int _samples;
    private int _peak;

    public async Task SampleAsync(CancellationToken cancellationToken)
    {
        var agents = await rest.GetOnlineAgentsAsync(cancellationToken);
        lock (_gate)
        {
            _samples++;
            foreach (var agent in agents)
            {
                _peak = Math.Max(_peak, agent.CurrentSessionCount);
                if (agent.CurrentSessionCount > agent.MaxServiceSessionCount && _violations.Count < 20)
                {
                    _violations.Add($"{agent.Username} {agent.CurrentSessionCount}/{agent.MaxServiceSessionCount}");
                }
            }
        }
    }

    public (int Samples, int Peak, IReadOnlyList<string> Violations) Result()
    {
        lock (_gate)
        {
            return (_samples, _peak, [.. _violations]);
        }
    }
}
