namespace KefuHub.Server.Storage;

/// <summary>A message waiting for the group commit that stores it, and how its caller learns the outcome.</summary>
internal sealed class PendingAppend(NewMessage message)
{
    public NewMessage Message { get; } = message;

    public TaskCompletionSource<AppendMessageResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The idempotency key: tenant, session, sender and client message id; null without a client message id.</summary>
    public (int TenantId, string ServiceSessionId, MessageSender From, string ClientMessageId)? Key =>
        Message.ClientMessageId is { } id ? (Message.TenantId, Message.ServiceSessionId, Message.From, id) : null;
}
