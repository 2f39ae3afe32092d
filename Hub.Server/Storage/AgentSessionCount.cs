namespace KefuHub.Server.Storage;

public sealed record AgentSessionCount(string AgentUserId, int Count);
