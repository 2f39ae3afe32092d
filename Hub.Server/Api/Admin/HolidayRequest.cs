namespace KefuHub.Server.Api.Admin;

/// <param name="Date"><c>yyyy-MM-dd</c>, local date.</param>
public sealed record HolidayRequest(string? Date, string? Note);
