using System.Security.Cryptography;
using System.Text;
using KefuHub.Server.Storage;
using Microsoft.Extensions.Options;

namespace KefuHub.Server.Security;

/// <summary>Issues the tokens of visitors and agents. Tokens are random; only their hashes are stored.</summary>
public sealed class TokenIssuer(IAgentStore agents, ITenantStore tenants, ITokenStore tokens, IOptions<TokenOptions> options, TimeProvider time)
{
    /// <summary>A visitor token is extended on use once its end moved closer than its lifetime by this much.</summary>
    private static readonly TimeSpan SlideStep = TimeSpan.FromHours(1);

    /// <summary>Agent (and REST) access tokens live 7200 s, as Easemob's <c>expireTime</c>.</summary>
    public static readonly TimeSpan AccessTokenLifetime = TimeSpan.FromSeconds(7200);

    /// <summary>What a login of an unknown username is checked against: a hash no password matches, as slow as a real one.</summary>
    private static readonly Lazy<string> UnknownUserHash = new(() => SecretHasher.HashSecret(SecretHasher.NewToken()));

    /// <summary>A new visitor hub token for a stored visitor (a new device of an identified visitor gets its own).</summary>
    public async ValueTask<string> IssueVisitorTokenAsync(int tenantId, string visitorId, CancellationToken cancellationToken)
    {
        var token = SecretHasher.NewToken();
        var now = time.GetUtcNow();
        await tokens.SaveTokenAsync(
            new AccessTokenRecord(SecretHasher.HashToken(token), tenantId, TokenKind.Visitor, visitorId, now + options.Value.VisitorTokenIdleLifetime),
            cancellationToken);
        return token;
    }

    /// <summary>
    /// A visitor token was used: move its end a full lifetime ahead of now (sliding expiry). Written at
    /// most once per <see cref="SlideStep"/> per token; tokens stored without an end get one.
    /// </summary>
    public async ValueTask SlideVisitorTokenAsync(AccessTokenRecord token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        var end = time.GetUtcNow() + options.Value.VisitorTokenIdleLifetime;
        if (token.Kind == TokenKind.Visitor && (token.ExpiresAt is null || end - token.ExpiresAt.Value >= SlideStep))
        {
            await tokens.ExtendTokenAsync(token.TokenHash, end, cancellationToken);
        }
    }

    /// <summary>Revokes every token of a visitor; how many there were.</summary>
    public ValueTask<int> RevokeVisitorAsync(int tenantId, string visitorId, CancellationToken cancellationToken) =>
        tokens.DeleteTokensAsync(tenantId, TokenKind.Visitor, visitorId, cancellationToken);

    /// <summary>An access token for an enabled agent of an enabled tenant whose password matches; null otherwise, whatever the cause.</summary>
    public async ValueTask<string?> LoginAgentAsync(int tenantId, string username, string password, CancellationToken cancellationToken)
    {
        var agent = await agents.FindAgentByUsernameAsync(tenantId, username, cancellationToken);

        // The password is checked whoever the user is, so that timing tells no one which usernames exist.
        var matches = SecretHasher.VerifySecret(password, agent?.PasswordHash ?? UnknownUserHash.Value);
        if (agent is not { Enabled: true } || !matches ||
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
        var secretMatches = SecretHasher.VerifySecret(secretId, tenant?.SecretHash ?? UnknownUserHash.Value);
        if (tenant is not { Enabled: true } ||
            !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(clientId), Encoding.UTF8.GetBytes(tenant.ClientId)) ||
            !secretMatches)
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
