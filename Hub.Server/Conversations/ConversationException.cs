namespace KefuHub.Server.Conversations;

/// <summary>A refused conversation call; its message is written for the client and carries no other tenant's data.</summary>
public sealed class ConversationException(ConversationError error, string message) : Exception(message)
{
    public ConversationError Error { get; } = error;
}
