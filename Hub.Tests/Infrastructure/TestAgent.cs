namespace KefuHub.Tests.Infrastructure;

public sealed record TestAgent(string UserId, string Username, string Nicename, string Token);
