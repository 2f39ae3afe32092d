namespace KefuHub.Server.Api.Visitors;

/// <summary>
/// A visitor's profile as the host page (<c>KefuHub.setProfile</c>) or an agent sets it. A null field is left
/// unchanged, <c>""</c> clears it; <paramref name="CustomFields"/>, when given, replaces all of them.
/// </summary>
public sealed record VisitorProfileRequest(
    string? Nickname,
    string? TrueName,
    string? Phone,
    string? Email,
    string? Company,
    string? Description,
    IReadOnlyDictionary<string, string>? CustomFields);
