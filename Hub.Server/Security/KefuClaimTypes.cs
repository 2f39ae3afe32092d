namespace KefuHub.Server.Security;

/// <summary>Claims our token handler puts on the caller's principal.</summary>
public static class KefuClaimTypes
{
    public const string TenantId = "kefu:tenant";
    public const string Kind = "kefu:kind";
    public const string SubjectId = "kefu:sub";
}
