namespace KefuHub.Server.Storage;

/// <summary>A canned answer (常用语): tenant-wide when <see cref="OwnerUserId"/> is null, else one agent's own.</summary>
public sealed record QuickReplyRecord(int TenantId, int Id, string? OwnerUserId, string Group, string Text, DateTimeOffset CreatedAt);
