using System.Globalization;
using Microsoft.AspNetCore.Http.Features;

namespace KefuHub.Server.Api;

/// <summary>
/// Bounds every request body by its endpoint's <see cref="RequestBodyLimit"/> before anything reads it:
/// a declared length over the limit is answered 413 at once, and Kestrel stops a chunked body at the
/// limit (its <see cref="BadHttpRequestException"/> becomes the same 413 in <see cref="ApiExceptionHandler"/>).
/// Without this, Kestrel's default of about 30 MB is buffered by the JSON binding of every call.
/// </summary>
internal sealed class RequestBodyLimitMiddleware(RequestDelegate next)
{
    /// <summary>JSON calls: 64 KiB, the size of the largest hub message too.</summary>
    public const long DefaultMaxBytes = 64 * 1024;

    public async Task InvokeAsync(HttpContext context)
    {
        var limit = context.GetEndpoint()?.Metadata.GetMetadata<RequestBodyLimit>()?.MaxBytes ?? DefaultMaxBytes;
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = limit;
        }

        if (context.Request.ContentLength > limit)
        {
            context.Response.Headers.Connection = "close";
            await TooLarge(limit).ExecuteAsync(context);
            return;
        }

        await next(context);
    }

    public static IResult TooLarge(long limit) =>
        ApiError.BodyTooLarge.WithDescription(string.Create(CultureInfo.InvariantCulture, $"the request body is larger than this call takes ({limit} bytes)")).ToResult();
}
