namespace KefuHub.Server.Hubs.Contracts;

public sealed record QueuePositionEvent(string ServiceSessionId, int Position, int WaitingCount, int EstimatedWaitSeconds);
