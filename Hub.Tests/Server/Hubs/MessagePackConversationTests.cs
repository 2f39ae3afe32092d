namespace KefuHub.Tests.Server.Hubs;

/// <summary>The same conversations with every client speaking the "messagepack" hub protocol.</summary>
public sealed class MessagePackConversationTests : ConversationTests
{
    protected override bool UseMessagePack => true;
}
