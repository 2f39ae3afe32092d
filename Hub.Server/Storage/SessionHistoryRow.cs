namespace KefuHub.Server.Storage;

/// <summary>A session with the names the history shows beside it; the agent's are null when it was deleted.</summary>
public sealed record SessionHistoryRow(
    SessionRecord Session,
    string? VisitorNickname,
    string? AgentUsername,
    string? AgentNicename,
    string? AgentTrueName)
{
    public string? VisitorTrueName { get; init; }

    /// <summary>The tags applied to the visitor (history's <c>visitorUserTags</c>).</summary>
    public IReadOnlyList<int> VisitorTagIds { get; init; } = [];

    /// <summary>Every agent who served the session, first assigned first (history's <c>agentUserSet</c>).</summary>
    public IReadOnlyList<SessionAgentName> Agents { get; init; } = [];
}
