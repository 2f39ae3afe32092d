using KefuHub.Server.Api.Admin;
using KefuHub.Server.Api.Visitors;
using KefuHub.Server.Conversations;
using KefuHub.Server.Hubs;
using KefuHub.Server.Security;
using KefuHub.Server.Storage;
using Microsoft.AspNetCore.Mvc;

namespace KefuHub.Server.Api.Agents;

/// <summary><c>GET/PUT /agents/me</c>: an agent's own profile and password, with its own token only.</summary>
internal static class AgentSelfEndpoints
{
    private const int MaxTextLength = 100;
    private const int MinPasswordLength = 8;
    private const int MaxPasswordLength = 128;

    public static RouteGroupBuilder MapAgentSelfEndpoints(this RouteGroupBuilder tenant)
    {
        tenant.MapGet("/agents/me", GetAsync);
        tenant.MapPut("/agents/me", PutAsync);
        return tenant;
    }

    private static async Task<IResult> GetAsync(HttpContext http, IAgentStore agents, CallerPermissions permissions, CancellationToken cancellationToken) =>
        await FindAsync(http, agents, cancellationToken) is { } agent ? ApiResponse.Entity(ToView(agent, await permissions.OfAsync(agent, cancellationToken))) : NotAnAgent();

    private static async Task<IResult> PutAsync(
        [FromBody] AgentSelfRequest? request,
        HttpContext http,
        IAgentStore agents,
        ITokenStore tokens,
        AgentDirectory directory,
        AgentConnectionRegistry connections,
        CallerPermissions permissions,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (await FindAsync(http, agents, cancellationToken) is not { } agent)
        {
            return NotAnAgent();
        }

        if (request is null)
        {
            return AdminErrors.Invalid("A profile object is required.");
        }

        if (request.Nicename is { } nicename && string.IsNullOrWhiteSpace(nicename))
        {
            return ApiError.EmptyNicename.ToResult();
        }

        if (new[] { request.Nicename, request.TrueName, request.MobilePhone }.Any(t => t?.Length > MaxTextLength))
        {
            return AdminErrors.Invalid($"nicename, trueName and mobilePhone are at most {MaxTextLength} characters.");
        }

        if (request.AvatarUrl is { Length: > 0 } avatar &&
            (avatar.Length > VisitorProfiles.MaxUrlLength || !Uri.TryCreate(avatar, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps))
        {
            return AdminErrors.Invalid($"avatarUrl must be an https URL of at most {VisitorProfiles.MaxUrlLength} characters.");
        }

        var passwordHash = agent.PasswordHash;
        if (request.Password is not null)
        {
            if (request.Password.Length is < MinPasswordLength or > MaxPasswordLength)
            {
                return ApiError.ShortPassword.ToResult();
            }

            if (request.CurrentPassword is null || !SecretHasher.VerifySecret(request.CurrentPassword, agent.PasswordHash))
            {
                return AdminErrors.Invalid("currentPassword is missing or incorrect.");
            }

            passwordHash = SecretHasher.HashSecret(request.Password);
        }

        var updated = agent with
        {
            Nicename = request.Nicename?.Trim() ?? agent.Nicename,
            TrueName = Change(agent.TrueName, request.TrueName),
            MobilePhone = Change(agent.MobilePhone, request.MobilePhone),
            AvatarUrl = Change(agent.AvatarUrl, request.AvatarUrl),
            PasswordHash = passwordHash,
            UpdatedAt = time.GetUtcNow(),
        };
        await agents.UpdateAgentAsync(updated, cancellationToken);
        directory.Invalidate(agent.TenantId, agent.UserId);
        if (request.Password is not null)
        {
            // As the admin password call: every token of the agent goes, this one included, with its hub connections; it logs in again.
            await tokens.DeleteTokensAsync(agent.TenantId, TokenKind.Agent, agent.UserId, cancellationToken);
            connections.AbortAll(agent.TenantId, agent.UserId);
        }

        return ApiResponse.Entity(ToView(updated, await permissions.OfAsync(updated, cancellationToken)));
    }

    private static async Task<AgentRecord?> FindAsync(HttpContext http, IAgentStore agents, CancellationToken cancellationToken)
    {
        var caller = TenantAccessFilter.CallerOf(http);
        return caller.Kind == TokenKind.Agent ? await agents.GetAgentAsync(caller.TenantId, caller.SubjectId, cancellationToken) : null;
    }

    private static IResult NotAnAgent() => ApiError.NotAdmin.WithDescription("this call needs an agent's own access token").ToResult();

    private static AgentSelfView ToView(AgentRecord agent, Permission permissions) =>
        new(agent.UserId, agent.Username, agent.Nicename, agent.TrueName, agent.MobilePhone, agent.AvatarUrl, agent.Roles, agent.MaxServiceSessionCount, PermissionNames.ToNames(permissions));

    private static string? Change(string? current, string? requested) => requested is null ? current : requested.Length == 0 ? null : requested.Trim();
}
