namespace KefuHub.Server.Api.Admin;

/// <param name="Status"><c>Untreated</c>, <c>Processing</c> or <c>Resolved</c>.</param>
public sealed record LeaveMessageStatusRequest(string? Status);
