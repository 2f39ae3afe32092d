namespace KefuHub.Server.Storage;

/// <summary>A stored chat message; <see cref="Seq"/> counts from 1 within its session.</summary>
public sealed record MessageRecord
{
    public required int TenantId { get; init; }

    public required string ServiceSessionId { get; init; }

    public required string MessageId { get; init; }

    public required long Seq { get; init; }

    /// <summary>The sender's id for the message, unique per session: a retry with the same id is the same message.</summary>
    public string? ClientMessageId { get; init; }

    public required MessageSender From { get; init; }

    /// <summary>The visitor id or agent user id; null for system messages.</summary>
    public string? SenderId { get; init; }

    /// <summary><c>txt</c>, <c>img</c>, <c>emoji</c>, <c>file</c>, <c>order</c> or <c>track</c>.</summary>
    public required string Type { get; init; }

    public string? Text { get; init; }

    public string? Url { get; init; }

    /// <summary>Free-form extension object, kept as JSON text.</summary>
    public string? Ext { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }
}
