namespace KefuHub.Server.Api.Admin;

/// <summary>On PUT, a null field is left unchanged.</summary>
public sealed record VisitorTagRequest(string? Name, int? Color);
