namespace KefuHub.Server.Api;

/// <param name="ExpireTime">Seconds the token stays valid.</param>
public sealed record AccessTokenResponse(string AccessToken, int ExpireTime);
