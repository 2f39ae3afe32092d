using KefuHub.Server.Redis;
using Microsoft.AspNetCore.Diagnostics;

namespace KefuHub.Server.Api;

/// <summary>
/// Gives REST callers Easemob's error body for failures outside the endpoints: a body or parameter
/// that does not bind (API_001, 400), Redis unreachable in a several-node deployment (API_503, 503, as
/// for hub calls: retry shortly) and unexpected errors (API_500, 500, logged, no detail leaked).
/// </summary>
internal sealed partial class ApiExceptionHandler(ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!httpContext.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase) || httpContext.Response.HasStarted)
        {
            return false;
        }

        var error = exception switch
        {
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => ApiError.BodyTooLarge,
            BadHttpRequestException bad => ApiError.InvalidParameter.WithDescription(bad.InnerException is System.Text.Json.JsonException { Path: { } path }
                ? $"{bad.Message} The JSON at {path} is malformed or not of the expected type."
                : bad.Message),
            RoutingStoreUnavailableException => ApiError.Unavailable,
            _ => new ApiError(StatusCodes.Status500InternalServerError, "API_500", "internal error, it was logged"),
        };
        if (error.StatusCode >= StatusCodes.Status500InternalServerError)
        {
            LogUnhandled(logger, httpContext.Request.Method, httpContext.Request.Path, exception);
        }

        if (error == ApiError.Unavailable)
        {
            httpContext.Response.Headers.RetryAfter = "1";
        }

        httpContext.Response.StatusCode = error.StatusCode;
        await httpContext.Response.WriteAsJsonAsync(new ApiErrorBody("FAIL", error.ErrorCode, error.ErrorDescription), cancellationToken);
        return true;
    }

    [LoggerMessage(3200, LogLevel.Error, "Unhandled error in {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, string method, string path, Exception exception);
}
