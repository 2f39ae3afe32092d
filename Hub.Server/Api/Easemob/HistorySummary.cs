namespace KefuHub.Server.Api.Easemob;

/// <summary>A node of a session summary's path from its root.</summary>
public sealed record HistorySummary(int Id, string Name, int Color, int ParentId);
