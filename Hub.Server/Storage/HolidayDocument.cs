namespace KefuHub.Server.Storage;

/// <param name="Date">Local date, <c>yyyy-MM-dd</c>.</param>
public sealed record HolidayDocument(string Date, string? Note);
