namespace KefuHub.Server.Hubs.Contracts;

public sealed record SessionAssignedEvent(SessionView Session, string Reason);
