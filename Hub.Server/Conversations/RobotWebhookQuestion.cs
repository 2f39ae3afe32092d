namespace KefuHub.Server.Conversations;

/// <summary>The body POSTed to a robot webhook.</summary>
public sealed record RobotWebhookQuestion(string ServiceSessionId, string VisitorId, string Text);
