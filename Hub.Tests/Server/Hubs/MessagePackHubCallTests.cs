namespace KefuHub.Tests.Server.Hubs;

/// <summary>The single hub calls' rules with every client speaking the "messagepack" hub protocol.</summary>
public sealed class MessagePackHubCallTests : HubCallTests
{
    protected override bool UseMessagePack => true;
}
