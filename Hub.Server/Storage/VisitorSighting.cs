namespace KefuHub.Server.Storage;

/// <summary>A visitor seen (connected, signed up again) at a time: what its <c>last_seen_at</c> becomes.</summary>
public sealed record VisitorSighting(int TenantId, string VisitorId, DateTimeOffset SeenAt);
