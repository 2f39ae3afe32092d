namespace KefuHub.Server.Api.Admin;

/// <summary>On PUT, a null field is left unchanged. <paramref name="ParentId"/> 0 is the root.</summary>
public sealed record SummaryRequest(string? Name, int? Color, int? ParentId);
