namespace KefuHub.Server.Storage;

/// <summary>A session summary tag; summaries form a tree through <see cref="ParentId"/> (0 = root).</summary>
public sealed record SummaryRecord(int TenantId, int Id, string Name, int Color, int ParentId);
