namespace KefuHub.Server.Hubs.Contracts;

public sealed record TypingEvent(string ServiceSessionId, bool Typing);
