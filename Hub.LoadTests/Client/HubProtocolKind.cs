namespace KefuHub.LoadTests.Client;

/// <summary>The SignalR hub protocol the load clients speak.</summary>
public enum HubProtocolKind
{
    Json,
    MessagePack,
}
