namespace KefuHub.Server.Api.Robot;

/// <summary>A null field is left unchanged; lists replace the stored ones; <c>""</c> clears a text.</summary>
public sealed record RobotRequest(
    bool? Enabled,
    string? Name,
    string? Greeting,
    IReadOnlyList<RobotRuleRequest?>? Rules,
    string? FallbackAnswer,
    IReadOnlyList<string?>? TransferKeywords,
    string? WebhookUrl,
    string? WebhookSecret);
