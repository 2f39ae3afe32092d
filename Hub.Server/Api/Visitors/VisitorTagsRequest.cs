namespace KefuHub.Server.Api.Visitors;

public sealed record VisitorTagsRequest(IReadOnlyList<int>? TagIds);
