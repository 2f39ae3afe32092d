namespace KefuHub.Server.Storage;

/// <param name="TotalElements">Matching agents on every page.</param>
public sealed record AgentSearchPage(IReadOnlyList<AgentRecord> Agents, long TotalElements);
