using System.Security.Cryptography;
using System.Text;
using KefuHub.Server.Storage;

namespace KefuHub.Server.Security;

/// <summary>Issues the tokens of visitors and agents. Tokens are random; only their hashes are stored.</summary>
public sealed class TokenIssuer(IAgentStore agents, ITenantStore tenants, ITokenStore tokens, TimeProvider time)
{
    /// <summary>Agent (and REST) access tokens live 7200 s, as Easemob's <c>expireTime</c>.</summary>
    public static readonly TimeSpan AccessTokenLifetime = TimeSpan.FromSeconds(7200);

    /// <summary>A new visitor hub token for a stored visitor (a new device of an identified visitor gets its own).</summary>
    public async ValueTask<string> IssueVisitorTokenAsync(int tenantId, string visitorId, CancellationToken cancellationToken)
    {
        var token = SecretHasher.NewToken();
        await tokens.SaveTokenAsync(new AccessTokenRecord(SecretHasher.HashToken(token), tenantId, TokenKind.Visitor, visitorId, null), cancellationToken);
        return token;
    }

    /// <summary>An access token for an enabled agent of an enabled tenant whose password matches; null otherwise, whatever the cause.</summary>
    public async ValueTask<string?> LoginAgentAsync(int tenantId, string username, string password, CancellationToken cancellationToken)
    {
        var agent = await agents.FindAgentByUsernameAsync(tenantId, username, cancellationToken);
        if (agent is not { Enabled: true } || !SecretHasher.VerifySecret(password, agent.PasswordHash) ||
            await tenants.GetTenantAsync(tenantId, cancellationToken) is not { Enabled: true })
        {
            return null;
        }

        var token = SecretHasher.NewToken();
        await tokens.SaveTokenAsync(
            new AccessTokenRecord(SecretHasher.HashToken(token), tenantId, TokenKind.Agent, agent.UserId, time.GetUtcNow() + AccessTokenLifetime),
            cancellationToken);
        return token;
    }

    /// <summary>
    /// A REST access token (<see cref="TokenKind.Api"/>, <see cref="AccessTokenLifetime"/>) for the tenant's
    /// client credentials; null when the tenant does not exist, is disabled, or either value is wrong.
    /// </summary>
    public async ValueTask<string?> IssueClientAsync(int tenantId, string clientId, string secretId, CancellationToken cancellationToken)
    {
        var tenant = await tenants.GetTenantAsync(tenantId, cancellationToken);
        if (tenant is not { Enabled: true } ||
            !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(clientId), Encoding.UTF8.GetBytes(tenant.ClientId)) ||
            !SecretHasher.VerifySecret(secretId, tenant.SecretHash))
        {
            return null;
        }

        var token = SecretHasher.NewToken();
        await tokens.SaveTokenAsync(
            new AccessTokenRecord(SecretHasher.HashToken(token), tenantId, TokenKind.Api, tenant.ClientId, time.GetUtcNow() + AccessTokenLifetime),
            cancellationToken);
        return token;
    }
}
