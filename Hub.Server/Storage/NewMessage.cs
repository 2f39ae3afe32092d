namespace KefuHub.Server.Storage;

/// <summary>A message to append; the store gives it its <c>seq</c>.</summary>
public sealed record NewMessage
{
    public required int TenantId { get; init; }

    public required string ServiceSessionId { get; init; }

    public required string MessageId { get; init; }

    public string? ClientMessageId { get; init; }

    public required MessageSender From { get; init; }

    public string? SenderId { get; init; }

    public required string Type { get; init; }

    public string? Text { get; init; }

    public string? Url { get; init; }

    public string? Ext { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }
}
