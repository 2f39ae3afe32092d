namespace KefuHub.Tests.Infrastructure;

public sealed record TestVisitor(string VisitorId, string Token);
