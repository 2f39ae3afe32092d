namespace KefuHub.Server.Security;

public static class KefuAuthenticationDefaults
{
    public const string Scheme = "KefuToken";

    /// <summary>The header Easemob's REST API reads the access token from.</summary>
    public const string KefuTokenHeader = "Kefu-Token";

    /// <summary>Browsers cannot set headers on WebSockets, so SignalR clients send the token in this query parameter.</summary>
    public const string AccessTokenQuery = "access_token";

    public const string VisitorPolicy = "Visitor";
    public const string AgentPolicy = "Agent";
}
