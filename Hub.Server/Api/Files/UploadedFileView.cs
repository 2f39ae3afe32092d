namespace KefuHub.Server.Api.Files;

/// <summary>The answer to an upload: put <see cref="Url"/> into an <c>img</c> or <c>file</c> message.</summary>
public sealed record UploadedFileView(string FileId, string Url, string Name, long Size, string ContentType);
