namespace KefuHub.Server.Storage;

/// <summary>Who a token was issued to.</summary>
public enum TokenKind
{
    /// <summary>An anonymous visitor of the widget; never expires.</summary>
    Visitor = 0,

    /// <summary>An agent logged in to the workspace.</summary>
    Agent = 1,

    /// <summary>A REST script authenticated with the tenant's client credentials (<c>Kefu-Token</c>).</summary>
    Api = 2,
}
