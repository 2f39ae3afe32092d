namespace KefuHub.Server.Api.Admin;

/// <param name="Date">The local date, <c>yyyy-MM-dd</c>.</param>
public sealed record DailyCount(string Date, int Count);
