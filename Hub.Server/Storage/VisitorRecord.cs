namespace KefuHub.Server.Storage;

/// <summary>A visitor and its profile: what the host page or an agent says about it, and where it came from.</summary>
public sealed record VisitorRecord
{
    public required int TenantId { get; init; }

    public required string VisitorId { get; init; }

    /// <summary>The business's own id of a signed-in customer (identity across devices); null for anonymous visitors.</summary>
    public string? UserId { get; init; }

    public string? Nickname { get; init; }

    public string? TrueName { get; init; }

    public string? Phone { get; init; }

    public string? Email { get; init; }

    public string? Company { get; init; }

    public string? Description { get; init; }

    public IReadOnlyDictionary<string, string> CustomFields { get; init; } = new Dictionary<string, string>();

    /// <summary>Visitor tags (<c>/visitorTags</c> ids) applied to this visitor.</summary>
    public IReadOnlyList<int> TagIds { get; init; } = [];

    /// <summary>The page the widget signed up on.</summary>
    public string? SourcePage { get; init; }

    /// <summary>Where the visitor came to that page from.</summary>
    public string? Referrer { get; init; }

    public string? UserAgent { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>The last sign-up or hub connection; null before the first.</summary>
    public DateTimeOffset? LastSeenAt { get; init; }
}
