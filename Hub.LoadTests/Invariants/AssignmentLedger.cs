using System.Collections.Concurrent;

namespace KefuHub.LoadTests.Invariants;

/// <summary>The <c>sessionAssigned</c> pushes agents received, and each agent's highest load seen
/// right after one (the sessions it held, by its own pushes).</summary>
internal sealed class AssignmentLedger
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<string>> _agentsBySession = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _peakLoad = new(StringComparer.Ordinal);

    public int Sessions => _agentsBySession.Count;

    public void Assigned(string serviceSessionId, string agent, int loadNow)
    {
        _agentsBySession.GetOrAdd(serviceSessionId, _ => new()).Enqueue(agent);
        _peakLoad.AddOrUpdate(agent, loadNow, (_, peak) => Math.Max(peak, loadNow));
    }

    public bool WasAssigned(string serviceSessionId) => _agentsBySession.ContainsKey(serviceSessionId);

    public string? AgentOf(string serviceSessionId) =>
        _agentsBySession.TryGetValue(serviceSessionId, out var agents) && agents.TryPeek(out var agent) ? agent : null;

    /// <summary>Sessions pushed as assigned more than once (no scenario here transfers).</summary>
    public IReadOnlyList<string> AssignedTwice() => [.. _agentsBySession.Where(s => s.Value.Count > 1).Select(s => $"{s.Key} → {string.Join(", ", s.Value)}")];

    public IReadOnlyDictionary<string, int> PeakLoad() => _peakLoad.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
}
