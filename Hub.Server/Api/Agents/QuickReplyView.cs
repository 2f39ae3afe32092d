namespace KefuHub.Server.Api.Agents;

/// <param name="Personal">True for the calling agent's own reply, false for a tenant-wide one.</param>
public sealed record QuickReplyView(int Id, string Group, string Text, bool Personal);
