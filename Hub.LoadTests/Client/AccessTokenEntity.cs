namespace KefuHub.LoadTests.Client;

/// <summary><c>accessToken</c> answers (client credentials, agent login).</summary>
internal sealed record AccessTokenEntity(string AccessToken, int ExpireTime);
