namespace KefuHub.Server.Hubs;

/// <summary>The names of server-to-client events, exactly as CONTRACT.md spells them (clients may match case-sensitively).</summary>
public static class ClientEvents
{
    public const string QueuePosition = "queuePosition";
    public const string SessionState = "sessionState";
    public const string Message = "message";
    public const string Typing = "typing";
    public const string RatingRequested = "ratingRequested";
    public const string SessionAssigned = "sessionAssigned";
    public const string QueueChanged = "queueChanged";
    public const string LeaveMessage = "leaveMessage";
    public const string AgentState = "agentState";
}
