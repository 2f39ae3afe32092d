namespace KefuHub.Server.Storage;

public sealed record VisitorRecord
{
    public required int TenantId { get; init; }

    public required string VisitorId { get; init; }

    public string? Nickname { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }
}
