using System.Buffers.Text;
using System.Security.Cryptography;
using KefuHub.Server.Storage;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace KefuHub.Server.Api.Files;

/// <summary>
/// Uploads and downloads (CONTRACT.md "Files"). The size limit is enforced on the stream, before
/// anything is buffered; the type comes from the bytes; the url is a 128-bit random capability,
/// scoped to its tenant, served so that no browser runs it.
/// </summary>
internal static class FileEndpoints
{
    public const string CorsPolicy = Cors.VisitorCorsPolicyProvider.PolicyName;

    // Room for the multipart boundary and part headers around the file.
    private const long MultipartOverhead = 16 * 1024;
    private const int MaxNameLength = 200;

    private static readonly ApiError NotFound = new(StatusCodes.Status404NotFound, "API_404", "file not exist");

    public static RouteGroupBuilder MapFileEndpoints(this RouteGroupBuilder tenant)
    {
        tenant.MapPost("/files", UploadAsync)
            .AddEndpointFilter<TenantAccessFilter>()
            .RequireCors(CorsPolicy)
            .DisableAntiforgery()
            // Not the JSON calls' 64 KiB: the upload bounds its own body by Kefu:Files:MaxBytes, known only at run time.
            .WithMetadata(new RequestBodyLimit(long.MaxValue));
        tenant.MapGet("/files/{fileId}", DownloadAsync);
        return tenant;
    }

    private static async Task<IResult> UploadAsync(int tenantId, HttpContext http, IFileStore files, IOptions<FileUploadOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = TenantAccessFilter.CallerOf(http);
        var limit = options.Value.MaxBytes;
        if (http.Request.ContentLength > limit + MultipartOverhead)
        {
            return TooLarge(limit);
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit)
        {
            bodyLimit.MaxRequestBodySize = limit + MultipartOverhead;
        }

        if (!MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var mediaType) ||
            !mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase) ||
            HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value is not { Length: > 0 and <= 100 } boundary)
        {
            return Invalid("Send the file as multipart/form-data in a field named file.");
        }

        try
        {
            var reader = new MultipartReader(boundary, http.Request.Body) { HeadersLengthLimit = 8 * 1024 };
            while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) ||
                    !disposition.IsFileDisposition() ||
                    !string.Equals(HeaderUtilities.RemoveQuotes(disposition.Name).Value, "file", StringComparison.Ordinal))
                {
                    continue;
                }

                var bytes = await ReadLimitedAsync(section.Body, limit, cancellationToken);
                if (bytes is null)
                {
                    return TooLarge(limit);
                }

                if (bytes.Length == 0)
                {
                    return Invalid("The file is empty.");
                }

                var name = CleanName(HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value);
                var record = new FileRecord
                {
                    TenantId = tenantId,
                    FileId = NewFileId(),
                    Name = name,
                    ContentType = FileTypeSniffer.Sniff(bytes.AsSpan(0, Math.Min(bytes.Length, FileTypeSniffer.HeaderLength))),
                    Size = bytes.Length,
                    UploaderKind = caller.Kind,
                    UploaderId = caller.SubjectId,
                    CreatedAt = time.GetUtcNow(),
                };
                if (options.Value.Directory is { Length: > 0 } directory)
                {
                    var path = PathOf(directory, tenantId, record.FileId);
                    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                    await File.WriteAllBytesAsync(path, bytes, cancellationToken);
                }
                else
                {
                    record = record with { Data = bytes };
                }

                await files.SaveFileAsync(record, cancellationToken);
                return ApiResponse.Entity(new UploadedFileView(record.FileId, FileUrls.For(tenantId, record.FileId), record.Name, record.Size, record.ContentType));
            }

            return Invalid("No file: send it in a multipart field named file.");
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge(limit);
        }
        catch (InvalidDataException ex)
        {
            return Invalid("The multipart body is malformed: " + ex.Message);
        }
    }

    private static async Task<IResult> DownloadAsync(int tenantId, string fileId, HttpContext http, IFileStore files, IOptions<FileUploadOptions> options, CancellationToken cancellationToken)
    {
        if (!FileUrls.IsFileId(fileId) || await files.GetFileAsync(tenantId, fileId, cancellationToken) is not { } file)
        {
            return NotFound.ToResult();
        }

        var data = file.Data;
        if (data is null)
        {
            var path = options.Value.Directory is { Length: > 0 } directory ? PathOf(directory, tenantId, fileId) : null;
            if (path is null || !File.Exists(path))
            {
                return NotFound.ToResult();
            }

            data = await File.ReadAllBytesAsync(path, cancellationToken);
        }

        var headers = http.Response.Headers;
        headers[HeaderNames.XContentTypeOptions] = "nosniff";
        headers[HeaderNames.ContentSecurityPolicy] = "default-src 'none'; sandbox";
        headers["Cross-Origin-Resource-Policy"] = "cross-origin";
        // The url never changes its bytes; it is a capability, so only the visitor's own browser caches it.
        headers[HeaderNames.CacheControl] = "private, max-age=31536000, immutable";
        var image = FileTypeSniffer.IsImage(file.ContentType);
        var disposition = new ContentDispositionHeaderValue(image ? "inline" : "attachment");
        disposition.SetHttpFileName(file.Name);
        headers[HeaderNames.ContentDisposition] = disposition.ToString();
        return Results.Bytes(data, image ? file.ContentType : FileTypeSniffer.Binary);
    }

    /// <summary>The section's bytes, or null as soon as they pass <paramref name="limit"/>.</summary>
    private static async Task<byte[]?> ReadLimitedAsync(Stream body, long limit, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>A file name to show and to download as: no path, no control or bidi characters.</summary>
    private static string CleanName(string? raw)
    {
        var name = Path.GetFileName((raw ?? string.Empty).Replace('\\', '/'));
        name = new string(name.Where(c => !char.IsControl(c) && c is not ('\u200e' or '\u200f') and not (>= '\u202a' and <= '\u202e') and not (>= '\u2066' and <= '\u2069')).ToArray()).Trim();
        if (name.Length > MaxNameLength)
        {
            name = name[..MaxNameLength];
        }

        return name.Length == 0 ? "file" : name;
    }

    private static string NewFileId() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));

    private static string PathOf(string directory, int tenantId, string fileId) =>
        Path.Combine(directory, tenantId.ToString(System.Globalization.CultureInfo.InvariantCulture), fileId);

    private static IResult TooLarge(long limit) =>
        new ApiError(StatusCodes.Status413PayloadTooLarge, "API_413", $"file is larger than {limit} bytes").ToResult();

    private static IResult Invalid(string description) => ApiError.InvalidParameter.WithDescription(description).ToResult();
}
