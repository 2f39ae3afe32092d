using KefuHub.Routing;
using KefuHub.Server.Conversations;
using KefuHub.Server.Hubs;
using KefuHub.Server.Security;
using KefuHub.Server.Storage;

namespace KefuHub.Server.Api.Easemob;

/// <summary>
/// Easemob's agent management: every change goes to the store first, then to routing, the agent name
/// cache and the agent's live connections on every node. Expected failures are the doc's errors, as values.
/// </summary>
internal sealed class AgentAccountService(
    IAgentStore agents,
    IRoleStore roles,
    IAgentSearchStore search,
    ITokenStore tokens,
    RoutingEngine engine,
    TenantRoutingLoader loader,
    AgentDirectory directory,
    AgentConnectionRegistry connections,
    TimeProvider time,
    ILogger<AgentAccountService> logger)
{
    public const int MinPasswordLength = 8;
    public const int MaxTextLength = 100;
    public const int MaxUsernameLength = 200;
    public const int MaxPasswordLength = 128;
    public const int MaxSessionCount = 100;
    public const int DefaultSessionCount = 10;

    public async ValueTask<(AgentRecord? Agent, ApiError? Error)> CreateAsync(int tenantId, AgentRequest request, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Nicename))
        {
            return (null, ApiError.EmptyNicename);
        }

        if (string.IsNullOrWhiteSpace(request.Username))
        {
            return (null, ApiError.InvalidParameter.WithDescription("username is required."));
        }

        if (CheckPassword(request.Password) is { } passwordError)
        {
            return (null, passwordError);
        }

        if (request.RoleId is not { } roleId)
        {
            return (null, ApiError.MissingRole);
        }

        if (!await IsRoleAsync(tenantId, roleId, cancellationToken))
        {
            return (null, ApiError.BadRole);
        }

        if (CheckFields(request) is { } fieldError)
        {
            return (null, fieldError);
        }

        var now = time.GetUtcNow();
        var agent = new AgentRecord
        {
            TenantId = tenantId,
            UserId = Guid.NewGuid().ToString(),
            Username = request.Username.Trim(),
            PasswordHash = SecretHasher.HashSecret(request.Password!),
            Nicename = request.Nicename.Trim(),
            TrueName = request.TrueName,
            MobilePhone = request.MobilePhone,
            AgentNumber = request.AgentNumber,
            Roles = EasemobRoles.StoredRoles(roleId),
            CustomRoleId = EasemobRoles.IsSystem(roleId) ? null : roleId,
            MaxServiceSessionCount = request.MaxServiceSessionCount ?? DefaultSessionCount,
            Enabled = true,
            CreatedAt = now,
            UpdatedAt = now,
        };
        if (!await agents.CreateAgentAsync(agent, cancellationToken))
        {
            return (null, ApiError.AgentExists);
        }

        await ApplyAsync(agent, cancellationToken);
        EasemobLog.AgentCreated(logger, tenantId, agent.UserId);
        return (agent, null);
    }

    /// <summary>Changes the fields that are not null; the username only identifies the agent.</summary>
    public async ValueTask<ApiError?> UpdateAsync(int tenantId, AgentRequest request, CancellationToken cancellationToken)
    {
        var (agent, error) = await FindAsync(tenantId, request.Username, cancellationToken);
        if (agent is null)
        {
            return error;
        }

        if (request.Nicename is not null && string.IsNullOrWhiteSpace(request.Nicename))
        {
            return ApiError.EmptyNicename;
        }

        if (request.RoleId is { } roleId && !await IsRoleAsync(tenantId, roleId, cancellationToken))
        {
            return ApiError.BadRole;
        }

        if (CheckFields(request) is { } fieldError)
        {
            return fieldError;
        }

        // The doc's body carries "password"; "" (as its answers show it) keeps the password, anything else sets it.
        var newPassword = string.IsNullOrEmpty(request.Password) ? null : request.Password;
        if (newPassword is not null && CheckPassword(newPassword) is { } passwordError)
        {
            return passwordError;
        }

        var storedRoles = request.RoleId is { } newRole ? EasemobRoles.StoredRoles(newRole) : agent.Roles;
        var customRoleId = request.RoleId is { } role ? (EasemobRoles.IsSystem(role) ? null : role) : agent.CustomRoleId;
        var updated = agent with
        {
            Nicename = request.Nicename?.Trim() ?? agent.Nicename,
            TrueName = request.TrueName ?? agent.TrueName,
            MobilePhone = request.MobilePhone ?? agent.MobilePhone,
            AgentNumber = request.AgentNumber ?? agent.AgentNumber,
            Roles = storedRoles,
            CustomRoleId = customRoleId,
            MaxServiceSessionCount = request.MaxServiceSessionCount ?? agent.MaxServiceSessionCount,
            PasswordHash = newPassword is null ? agent.PasswordHash : SecretHasher.HashSecret(newPassword),
            UpdatedAt = time.GetUtcNow(),
        };
        if (agent.IsAdmin && !updated.IsAdmin && agent.Enabled && await IsOnlyAdminAsync(agent, cancellationToken))
        {
            return ApiError.OnlyAdmin.WithDescription("Can not remove only amdin: the agent is the tenant's only enabled administrator.");
        }

        var saved = await SaveAsync(updated, cancellationToken);
        if (saved is null && newPassword is not null)
        {
            // As PUT /agent/password: tokens issued with the old password end, and the connections opened with them.
            await tokens.DeleteTokensAsync(tenantId, TokenKind.Agent, agent.UserId, cancellationToken);
            connections.AbortAll(tenantId, agent.UserId);
        }

        return saved;
    }

    public async ValueTask<ApiError?> ChangePasswordAsync(int tenantId, string? username, string? password, CancellationToken cancellationToken)
    {
        var (agent, error) = await FindAsync(tenantId, username, cancellationToken);
        if (agent is null)
        {
            return error;
        }

        if (CheckPassword(password) is { } passwordError)
        {
            return passwordError;
        }

        var saved = await SaveAsync(agent with { PasswordHash = SecretHasher.HashSecret(password!), UpdatedAt = time.GetUtcNow() }, cancellationToken);
        if (saved is null)
        {
            // Tokens issued with the old password end, and the connections opened with them (here at once, on other
            // nodes at their next call).
            await tokens.DeleteTokensAsync(tenantId, TokenKind.Agent, agent.UserId, cancellationToken);
            connections.AbortAll(tenantId, agent.UserId);
        }

        return saved;
    }

    public async ValueTask<ApiError?> DeleteAsync(int tenantId, string? username, CancellationToken cancellationToken)
    {
        var (agent, error) = await FindAsync(tenantId, username, cancellationToken);
        if (agent is null)
        {
            return error;
        }

        if (agent.IsAdmin && agent.Enabled && await IsOnlyAdminAsync(agent, cancellationToken))
        {
            return ApiError.OnlyAdmin;
        }

        var routed = await engine.ReadAsync(tenantId, s => s.GetAgent(agent.UserId), cancellationToken);
        if (routed is { CurrentSessionCount: > 0 })
        {
            return ApiError.AgentHasSessions;
        }

        // Out of routing first: a session assigned since the check goes back to its queue, not with the agent.
        await engine.RemoveAgentAsync(tenantId, agent.UserId, cancellationToken);
        await agents.DeleteAgentAsync(tenantId, agent.UserId, cancellationToken);
        await SignOutAsync(agent, cancellationToken);
        EasemobLog.AgentDeleted(logger, tenantId, agent.UserId);
        return null;
    }

    /// <summary>Disables the agent: it cannot log in, its tokens are deleted and its connections closed on every node.</summary>
    public async ValueTask<ApiError?> DisableAsync(int tenantId, string? username, CancellationToken cancellationToken)
    {
        var (agent, error) = await FindAsync(tenantId, username, cancellationToken);
        if (agent is null)
        {
            return error;
        }

        if (agent.IsAdmin && agent.Enabled && await IsOnlyAdminAsync(agent, cancellationToken))
        {
            return ApiError.OnlyAdmin.WithDescription("Can not remove only amdin: the agent is the tenant's only enabled administrator.");
        }

        var saved = await SaveAsync(agent with { Enabled = false, UpdatedAt = time.GetUtcNow() }, cancellationToken);
        if (saved is null)
        {
            await SignOutAsync(agent, cancellationToken);
        }

        return saved;
    }

    public async ValueTask<ApiError?> EnableAsync(int tenantId, string? username, CancellationToken cancellationToken)
    {
        var (agent, error) = await FindAsync(tenantId, username, cancellationToken);
        return agent is null ? error : await SaveAsync(agent with { Enabled = true, UpdatedAt = time.GetUtcNow() }, cancellationToken);
    }

    /// <summary>The tenant's agent with this username; API_105 when only another tenant has one, else API_104.</summary>
    private async ValueTask<(AgentRecord? Agent, ApiError? Error)> FindAsync(int tenantId, string? username, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(username))
        {
            return (null, ApiError.InvalidParameter.WithDescription("username is required."));
        }

        if (username.Length > MaxUsernameLength)
        {
            return (null, ApiError.AgentNotFound);
        }

        var agent = await agents.FindAgentByUsernameAsync(tenantId, username.Trim(), cancellationToken);
        if (agent is not null)
        {
            return (agent, null);
        }

        return (null, await search.UsernameExistsInOtherTenantAsync(tenantId, username.Trim(), cancellationToken) ? ApiError.AgentOfAnotherTenant : ApiError.AgentNotFound);
    }

    private async ValueTask<bool> IsOnlyAdminAsync(AgentRecord agent, CancellationToken cancellationToken) =>
        !(await agents.ListAgentsAsync(agent.TenantId, cancellationToken)).Any(a => a.IsAdmin && a.Enabled && a.UserId != agent.UserId);

    private async ValueTask<ApiError?> SaveAsync(AgentRecord agent, CancellationToken cancellationToken)
    {
        if (!await agents.UpdateAgentAsync(agent, cancellationToken))
        {
            return ApiError.AgentNotFound; // Deleted meanwhile.
        }

        await ApplyAsync(agent, cancellationToken);
        return null;
    }

    private async ValueTask ApplyAsync(AgentRecord agent, CancellationToken cancellationToken)
    {
        directory.Invalidate(agent.TenantId, agent.UserId);
        var decision = await loader.ApplyAgentAsync(agent, cancellationToken);
        if (!decision.Succeeded)
        {
            throw new InvalidOperationException($"Routing refused agent {agent.UserId} of tenant {agent.TenantId}: {decision.Message}");
        }
    }

    private async ValueTask SignOutAsync(AgentRecord agent, CancellationToken cancellationToken)
    {
        directory.Invalidate(agent.TenantId, agent.UserId);
        await tokens.DeleteTokensAsync(agent.TenantId, TokenKind.Agent, agent.UserId, cancellationToken);
        connections.AbortAll(agent.TenantId, agent.UserId);
        EasemobLog.AgentSignedOut(logger, agent.TenantId, agent.UserId);
    }

    /// <summary>A system role, or one of the tenant's custom roles.</summary>
    private async ValueTask<bool> IsRoleAsync(int tenantId, int roleId, CancellationToken cancellationToken) =>
        EasemobRoles.IsSystem(roleId) || (roleId >= EasemobRoles.FirstCustomId && await roles.GetRoleAsync(tenantId, roleId, cancellationToken) is not null);

    private static ApiError? CheckPassword(string? password) =>
        password is null || password.Length < MinPasswordLength ? ApiError.ShortPassword
        : password.Length > MaxPasswordLength ? ApiError.InvalidParameter.WithDescription($"password is at most {MaxPasswordLength} characters.")
        : null;

    private static ApiError? CheckFields(AgentRequest request)
    {
        if (request.Username?.Length > MaxUsernameLength)
        {
            return ApiError.InvalidParameter.WithDescription($"username is at most {MaxUsernameLength} characters.");
        }

        foreach (var (name, value) in new[] { ("nicename", request.Nicename), ("trueName", request.TrueName), ("mobilePhone", request.MobilePhone), ("agentNumber", request.AgentNumber) })
        {
            if (value?.Length > MaxTextLength)
            {
                return ApiError.InvalidParameter.WithDescription($"{name} is at most {MaxTextLength} characters.");
            }
        }

        return request.MaxServiceSessionCount is < 0 or > MaxSessionCount
            ? ApiError.InvalidParameter.WithDescription($"maxServiceSessionCount must be between 0 and {MaxSessionCount}.")
            : null;
    }
}
