namespace KefuHub.Server.Api.Admin;

public sealed record VisitorTagView(int Id, string Name, int Color);
