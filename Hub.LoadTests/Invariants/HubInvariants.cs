using KefuHub.LoadTests.Client;
using KefuHub.LoadTests.Framework;

namespace KefuHub.LoadTests.Invariants;

/// <summary>The contract's "never" rules (rule 9), checked against what the hub's REST API says
/// after a scenario and what the clients were told during it.</summary>
internal static class HubInvariants
{
    private const int ParallelReads = 8;

    /// <summary>No agent above its <c>maxServiceSessionCount</c>: by the REST samples taken during the
    /// load, by each agent's own pushes, and now.</summary>
    public static async Task<InvariantResult> CapacityAsync(KefuRestClient rest, CapacityWatch watch, AssignmentLedger assignments, int capacity, CancellationToken cancellationToken)
    {
        await watch.SampleAsync(cancellationToken);
        var (samples, peak, violations) = watch.Result();
        var pushed = assignments.PeakLoad().Where(p => p.Value > capacity).Select(p => $"{p.Key} held {p.Value} (pushes)").ToList();
        var all = violations.Concat(pushed).ToList();
        return InvariantResult.Check(
            "no capacity exceeded",
            all.Count == 0,
            all.Count == 0
                ? $"{samples} samples of /agents/online, peak {peak} of {capacity}; peak by pushes {assignments.PeakLoad().Values.DefaultIfEmpty().Max()}"
                : string.Join("; ", all.Take(10)));
    }

    /// <summary>No session assigned twice: one <c>sessionAssigned</c> push per session, and no session
    /// listed under two agents by <c>GET /agents/{username}/sessions</c>, nor under an agent other
    /// than the one it was pushed to.</summary>
    public static async Task<InvariantResult> NoDoubleAssignmentAsync(KefuRestClient rest, IEnumerable<string> agentUsernames, AssignmentLedger assignments, CancellationToken cancellationToken)
    {
        var problems = assignments.AssignedTwice().Select(s => $"pushed twice: {s}").ToList();
        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        var listed = 0;
        var lists = new List<(string Agent, IReadOnlyList<SessionEntity> Sessions)>();
        await Parallel.ForEachAsync(agentUsernames, new ParallelOptions { MaxDegreeOfParallelism = ParallelReads, CancellationToken = cancellationToken }, async (agent, ct) =>
        {
            var sessions = await rest.GetAgentSessionsAsync(agent, ct);
            lock (lists)
            {
                lists.Add((agent, sessions));
            }
        });
        foreach (var (agent, sessions) in lists)
        {
            foreach (var session in sessions)
            {
                listed++;
                if (!owners.TryAdd(session.ServiceSessionId, agent))
                {
                    problems.Add($"{session.ServiceSessionId} listed under {owners[session.ServiceSessionId]} and {agent}");
                }

                if (assignments.AgentOf(session.ServiceSessionId) is { } pushedTo && !string.Equals(pushedTo, agent, StringComparison.OrdinalIgnoreCase))
                {
                    problems.Add($"{session.ServiceSessionId} pushed to {pushedTo} but listed under {agent}");
                }
            }
        }

        return InvariantResult.Check(
            "no double assignment",
            problems.Count == 0,
            problems.Count == 0 ? $"{assignments.Sessions} sessions pushed once each; {listed} processing now, each under one agent" : string.Join("; ", problems.Take(10)));
    }

    /// <summary>No acknowledged message lost: every acknowledged (seq, messageId, text) is in
    /// <c>GET /sessions/{id}/messages</c>, and no text (clientMessageId) is stored twice.</summary>
    public static async Task<InvariantResult> NoLostAcknowledgedMessageAsync(KefuRestClient rest, AckLedger acks, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        var checkedCount = 0L;
        var sessions = acks.Sessions();
        await Parallel.ForEachAsync(sessions, new ParallelOptions { MaxDegreeOfParallelism = ParallelReads, CancellationToken = cancellationToken }, async (session, ct) =>
        {
            var stored = await rest.GetMessagesAsync(session.Key, ct);
            var bySeq = stored.ToDictionary(m => m.Seq);
            var duplicates = stored.Where(m => m.Text is not null).GroupBy(m => m.Text).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
            var local = new List<string>();
            foreach (var ack in session.Value)
            {
                if (!bySeq.TryGetValue(ack.Seq, out var message) || message.MessageId != ack.MessageId || message.Text != ack.Text)
                {
                    local.Add($"{session.Key} seq {ack.Seq} ({ack.Text}) acknowledged but {(message is null ? "missing" : $"stored as {message.MessageId} '{message.Text}'")}");
                }
            }

            local.AddRange(duplicates.Select(d => $"{session.Key}: '{d}' stored twice"));
            lock (problems)
            {
                problems.AddRange(local);
                checkedCount += session.Value.Count;
            }
        });
        return InvariantResult.Check(
            "no lost acknowledged message",
            problems.Count == 0,
            problems.Count == 0 ? $"{checkedCount} acknowledged messages in {sessions.Count} sessions, all stored once with their seq" : string.Join("; ", problems.Take(10)));
    }
}
