namespace KefuHub.Server.Api.Robot;

public sealed record RobotRuleRequest(IReadOnlyList<string?>? Keywords, string? Answer);
