namespace KefuHub.Server.Hubs.Contracts;

/// <param name="QueueId">Null for the line of sessions without a queue.</param>
public sealed record QueueChangedEvent(int? QueueId, int WaitingCount);
