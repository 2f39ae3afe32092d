namespace KefuHub.Server.Webhooks;

/// <summary>The <c>type</c> of a webhook event; the names are the contract's.</summary>
public enum WebhookEventType
{
    /// <summary>A session was stored for the first time (waiting or already assigned).</summary>
    SessionCreated = 0,

    /// <summary>A session without an agent got one.</summary>
    SessionAssigned = 1,

    /// <summary>A session left its agent: to another agent, or back to a queue (a transfer, or its agent went offline).</summary>
    SessionTransferred = 2,

    /// <summary>A session ended: Terminal or Abort.</summary>
    SessionClosed = 3,

    Message = 4,

    LeaveMessage = 5,
}
