using System.Globalization;
using System.Security.Claims;
using KefuHub.Server.Storage;

namespace KefuHub.Server.Security;

/// <summary>Who is calling, from the token alone: the tenant never comes from the request.</summary>
public sealed record CallerIdentity(int TenantId, TokenKind Kind, string SubjectId)
{
    public IEnumerable<Claim> ToClaims() =>
    [
        new(KefuClaimTypes.TenantId, TenantId.ToString(CultureInfo.InvariantCulture)),
        new(KefuClaimTypes.Kind, Kind.ToString()),
        new(KefuClaimTypes.SubjectId, SubjectId),
    ];

    /// <summary>The caller of an authenticated principal; null when it carries none of our claims.</summary>
    public static CallerIdentity? FromPrincipal(ClaimsPrincipal? principal)
    {
        if (principal?.FindFirst(KefuClaimTypes.TenantId)?.Value is not { } tenant ||
            principal.FindFirst(KefuClaimTypes.Kind)?.Value is not { } kind ||
            principal.FindFirst(KefuClaimTypes.SubjectId)?.Value is not { } subject ||
            !int.TryParse(tenant, NumberStyles.None, CultureInfo.InvariantCulture, out var tenantId) ||
            !Enum.TryParse<TokenKind>(kind, out var tokenKind))
        {
            return null;
        }

        return new CallerIdentity(tenantId, tokenKind, subject);
    }
}
