namespace KefuHub.Server.Api;

/// <summary>How many tokens a revocation ended.</summary>
public sealed record RevokedTokensView(int Revoked);
