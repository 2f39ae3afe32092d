namespace KefuHub.Tests.Server.Hubs;

/// <summary>The same ownership checks with every client speaking the "messagepack" hub protocol.</summary>
public sealed class MessagePackAuthorizationTests : AuthorizationTests
{
    protected override bool UseMessagePack => true;
}
