namespace KefuHub.Server.Hubs.Contracts;

public sealed record TypingRequest(string ServiceSessionId, bool Typing);
