namespace KefuHub.Server.Api.Agents;

/// <param name="Status"><c>Untreated</c>, <c>Processing</c> or <c>Resolved</c>; null leaves it.</param>
/// <param name="AssigneeUsername">An agent of the tenant; <c>""</c> unassigns; null leaves it.</param>
public sealed record LeaveMessageUpdateRequest(string? Status, string? AssigneeUsername);
