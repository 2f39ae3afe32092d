using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace KefuHub.Server.Api;

/// <summary>Per-address limits on the unauthenticated calls: visitor sign-up and agent login (password guessing).</summary>
internal static class ApiRateLimits
{
    public const string SignUp = "signup";
    public const string Login = "login";

    public static void Configure(RateLimiterOptions options, ApiLimitOptions limits, IAddressRateLimits windows)
    {
        options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        options.AddPolicy(SignUp, http => windows.PerMinute(SignUp, AddressOf(http), limits.VisitorSignUpsPerMinute));
        options.AddPolicy(Login, http => windows.PerMinute(Login, AddressOf(http), limits.AgentLoginsPerMinute));
        options.OnRejected = async (context, cancellationToken) =>
        {
            var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
            var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
            context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            await ApiError.TooManyRequests
                .WithDescription(string.Create(CultureInfo.InvariantCulture, $"too many requests from this address, retry in {seconds} s"))
                .ToResult()
                .ExecuteAsync(context.HttpContext);
        };
    }

    private static string AddressOf(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}
