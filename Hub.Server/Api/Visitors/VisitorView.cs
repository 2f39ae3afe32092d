using KefuHub.Server.Storage;

namespace KefuHub.Server.Api.Visitors;

/// <summary><c>GET /api/tenants/{t}/visitors/{visitorId}</c>.</summary>
public sealed record VisitorView(
    string VisitorId,
    string? UserId,
    string? Nickname,
    string? TrueName,
    string? Phone,
    string? Email,
    string? Company,
    string? Description,
    IReadOnlyDictionary<string, string> CustomFields,
    IReadOnlyList<int> TagIds,
    VisitorSourceView Source,
    DateTimeOffset CreateDatetime,
    DateTimeOffset? LastSeenDatetime)
{
    public static VisitorView From(VisitorRecord visitor)
    {
        ArgumentNullException.ThrowIfNull(visitor);
        return new(
            visitor.VisitorId,
            visitor.UserId,
            visitor.Nickname,
            visitor.TrueName,
            visitor.Phone,
            visitor.Email,
            visitor.Company,
            visitor.Description,
            visitor.CustomFields,
            visitor.TagIds,
            new VisitorSourceView(visitor.SourcePage, visitor.Referrer, visitor.UserAgent),
            visitor.CreatedAt,
            visitor.LastSeenAt);
    }
}
