namespace KefuHub.Server.Api.Admin;

/// <summary>What a DELETE answers: the id that is gone.</summary>
public sealed record DeletedView(long Id);
