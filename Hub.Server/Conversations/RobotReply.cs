namespace KefuHub.Server.Conversations;

/// <summary>What the robot does with a visitor's message: answer it (when <see cref="Answer"/> is set), then hand the session to people.</summary>
public sealed record RobotReply(string? Answer, bool Transfer);
