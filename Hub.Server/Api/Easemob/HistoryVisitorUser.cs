namespace KefuHub.Server.Api.Easemob;

/// <param name="Username">The visitor id: KefuHub visitors have no other user name.</param>
public sealed record HistoryVisitorUser(string UserId, string? Nicename, string Username);
