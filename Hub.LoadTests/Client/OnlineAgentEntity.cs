namespace KefuHub.LoadTests.Client;

/// <summary>An item of <c>GET /agents/online</c>.</summary>
internal sealed record OnlineAgentEntity(string Username, string? Nicename, string State, int MaxServiceSessionCount, int CurrentSessionCount);
