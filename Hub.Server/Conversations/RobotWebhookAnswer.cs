namespace KefuHub.Server.Conversations;

/// <summary>The body a robot webhook answers with.</summary>
public sealed record RobotWebhookAnswer(string? Answer, bool? Transfer);
