namespace KefuHub.Server.Security;

/// <summary>Claims our token handler puts on the caller's principal.</summary>
public static class KefuClaimTypes
{
    public const string TenantId = "kefu:tenant";
    public const string Kind = "kefu:kind";
    public const string SubjectId = "kefu:sub";

    /// <summary>The SHA-256 of the token the caller authenticated with: hub connections re-check it at their calls.</summary>
    public const string TokenHash = "kefu:token";
}
