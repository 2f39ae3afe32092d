namespace KefuHub.Server.Api.Agents;

/// <summary>On POST <see cref="Text"/> is required and <see cref="Personal"/> defaults to false; on PUT a null field is left unchanged.</summary>
public sealed record QuickReplyRequest(string? Group, string? Text, bool? Personal);
