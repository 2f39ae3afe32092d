using KefuHub.Server.Storage;

namespace KefuHub.Server.Api.Robot;

/// <param name="WebhookSecretSet">The secret is write-only: this says whether there is one.</param>
public sealed record RobotView(
    bool Enabled,
    string Name,
    string? Greeting,
    IReadOnlyList<RobotRule> Rules,
    string? FallbackAnswer,
    IReadOnlyList<string> TransferKeywords,
    string? WebhookUrl,
    bool WebhookSecretSet)
{
    public static RobotView From(RobotSettings robot)
    {
        ArgumentNullException.ThrowIfNull(robot);
        return new(robot.Enabled, robot.Name, robot.Greeting, robot.Rules, robot.FallbackAnswer, robot.TransferKeywords, robot.WebhookUrl, robot.WebhookSecret is not null);
    }
}
