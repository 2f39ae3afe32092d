namespace KefuHub.Server.Api.Admin;

/// <param name="Color"><c>0xRRGGBB</c> as a number.</param>
/// <param name="ParentId">0 for a root summary.</param>
public sealed record SummaryView(int Id, string Name, int Color, int ParentId);
