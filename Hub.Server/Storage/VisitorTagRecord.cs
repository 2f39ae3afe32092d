namespace KefuHub.Server.Storage;

/// <summary>A tag agents put on visitors; <see cref="Color"/> is <c>0xRRGGBB</c>.</summary>
public sealed record VisitorTagRecord(int TenantId, int Id, string Name, int Color);
