using KefuHub.Server.Storage;

namespace KefuHub.Server.Security;

/// <summary>Issues the tokens of visitors and agents. Tokens are random; only their hashes are stored.</summary>
public sealed class TokenIssuer(IVisitorStore visitors, IAgentStore agents, ITokenStore tokens, TimeProvider time)
{
    /// <summary>Agent (and REST) access tokens live 7200 s, as Easemob's <c>expireTime</c>.</summary>
    public static readonly TimeSpan AccessTokenLifetime = TimeSpan.FromSeconds(7200);

    public async ValueTask<(string VisitorId, string Token)> IssueVisitorAsync(int tenantId, string? nickname, CancellationToken cancellationToken)
    {
        var visitorId = Guid.NewGuid().ToString();
        var token = SecretHasher.NewToken();
        await visitors.CreateVisitorAsync(new VisitorRecord { TenantId = tenantId, VisitorId = visitorId, Nickname = nickname, CreatedAt = time.GetUtcNow() }, cancellationToken);
        await tokens.SaveTokenAsync(new AccessTokenRecord(SecretHasher.HashToken(token), tenantId, TokenKind.Visitor, visitorId, null), cancellationToken);
        return (visitorId, token);
    }

    /// <summary>An access token for an enabled agent whose password matches; null otherwise, whatever the cause.</summary>
    public async ValueTask<string?> LoginAgentAsync(int tenantId, string username, string password, CancellationToken cancellationToken)
    {
        var agent = await agents.FindAgentByUsernameAsync(tenantId, username, cancellationToken);
        if (agent is not { Enabled: true } || !SecretHasher.VerifySecret(password, agent.PasswordHash))
        {
            return null;
        }

        var token = SecretHasher.NewToken();
        await tokens.SaveTokenAsync(
            new AccessTokenRecord(SecretHasher.HashToken(token), tenantId, TokenKind.Agent, agent.UserId, time.GetUtcNow() + AccessTokenLifetime),
            cancellationToken);
        return token;
    }
}
