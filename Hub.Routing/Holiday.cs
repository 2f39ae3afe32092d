namespace KefuHub.Routing;

/// <summary>A local calendar date on which the tenant is closed all day.</summary>
public sealed record Holiday(DateOnly Date, string? Note = null);
