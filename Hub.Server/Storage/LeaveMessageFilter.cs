namespace KefuHub.Server.Storage;

/// <summary>Which leave messages a list shows; null values filter nothing.</summary>
/// <param name="Unassigned">True: only those without an assignee (then <paramref name="AssigneeUserId"/> is ignored).</param>
public sealed record LeaveMessageFilter(LeaveMessageStatus? Status = null, string? AssigneeUserId = null, bool Unassigned = false);
