namespace KefuHub.Server.Hubs.Contracts;

/// <param name="Content">1 to 2000 characters.</param>
public sealed record LeaveMessageRequest(string? Name = null, string? Phone = null, string? Email = null, string? Content = null, int? QueueId = null);
