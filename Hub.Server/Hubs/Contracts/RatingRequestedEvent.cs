namespace KefuHub.Server.Hubs.Contracts;

public sealed record RatingRequestedEvent(string ServiceSessionId);
