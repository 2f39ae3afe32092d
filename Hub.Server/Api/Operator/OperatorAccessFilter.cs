using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace KefuHub.Server.Api.Operator;

/// <summary>
/// Lets through <c>Authorization: Bearer &lt;Kefu:Operator:Key&gt;</c> (compared in constant time); without a
/// configured key the calls do not exist (404), with a wrong or missing one they answer 401 API_002.
/// </summary>
internal sealed class OperatorAccessFilter(IOptions<OperatorOptions> options) : IEndpointFilter
{
    private static readonly ApiError Off = ApiError.SessionNotFound.WithDescription("operator calls are off (Kefu:Operator:Key is not set)");

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (options.Value.Key is not { Length: > 0 } key)
        {
            return Off.ToResult();
        }

        var authorization = context.HttpContext.Request.Headers.Authorization.ToString();
        var given = authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization["Bearer ".Length..].Trim() : string.Empty;

        // Hashing first gives both sides one length, so the comparison leaks neither the key nor its length.
        var matches = CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), SHA256.HashData(Encoding.UTF8.GetBytes(key)));
        return matches ? await next(context) : ApiError.InvalidToken.WithDescription("operator key is invalid").ToResult();
    }
}
