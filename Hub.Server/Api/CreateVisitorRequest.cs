namespace KefuHub.Server.Api;

public sealed record CreateVisitorRequest(string? Nickname = null);
