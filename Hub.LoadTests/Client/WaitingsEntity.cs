namespace KefuHub.LoadTests.Client;

/// <summary><c>GET /waitings</c>: all waiting sessions counted, the oldest listed.</summary>
internal sealed record WaitingsEntity(int Count, List<WaitingItemEntity> Items);
