using System.ComponentModel.DataAnnotations;

namespace KefuHub.Server.Api.Files;

/// <summary>Uploads (<c>POST /api/tenants/{t}/files</c>); section <c>Kefu:Files</c>.</summary>
public sealed class FileUploadOptions
{
    public const string SectionName = "Kefu:Files";

    /// <summary>Largest file accepted, in bytes. Default 10 MiB; bigger gets 413 before it is read.</summary>
    [Range(1, 1L << 30)]
    public long MaxBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Where file bytes are written; unset (the default) keeps them in the durable store.</summary>
    public string? Directory { get; set; }
}
