namespace KefuHub.Server.Storage;

/// <summary>An uploaded file. <see cref="Data"/> is null when the bytes live in <c>Kefu:Files:Directory</c>.</summary>
public sealed record FileRecord
{
    public required int TenantId { get; init; }

    public required string FileId { get; init; }

    public required string Name { get; init; }

    /// <summary>Sniffed from the bytes: an image type or <c>application/octet-stream</c>.</summary>
    public required string ContentType { get; init; }

    public required long Size { get; init; }

    public required TokenKind UploaderKind { get; init; }

    public required string UploaderId { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public byte[]? Data { get; init; }
}
