namespace KefuHub.Server.Storage;

/// <summary>A robot answer, given when the visitor's text contains one of <see cref="Keywords"/>.</summary>
public sealed record RobotRule(IReadOnlyList<string> Keywords, string Answer);
