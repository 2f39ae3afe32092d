using KefuHub.Server.Api.Admin;
using KefuHub.Server.Conversations;
using KefuHub.Server.Security;
using KefuHub.Server.Storage;
using Microsoft.AspNetCore.Mvc;

namespace KefuHub.Server.Api.Easemob;

/// <summary>
/// Roles (seed 001's <c>GET /roles</c>, and custom roles, 自定义角色): the two system roles, then the tenant's own,
/// each a named set of permissions given to agents with <c>roleId</c> on <c>POST/PUT /agent</c>.
/// </summary>
internal static class RoleEndpoints
{
    public const int MaxNameLength = 100;
    public const int MaxDescriptionLength = 200;
    public const int MaxCustomRoles = 50;

    public static RouteGroupBuilder MapRoleEndpoints(this RouteGroupBuilder tenant)
    {
        tenant.MapGet("/roles", ListAsync).WithName("ListRoles");
        tenant.MapGet("/roles/{roleId:int}", GetAsync);
        tenant.MapPost("/roles", CreateAsync);
        tenant.MapPut("/roles/{roleId:int}", UpdateAsync);
        tenant.MapDelete("/roles/{roleId:int}", DeleteAsync);
        return tenant;
    }

    private static async Task<IResult> ListAsync(int tenantId, IRoleStore roles, TenantClock clock, CancellationToken cancellationToken)
    {
        var time = await clock.GetAsync(tenantId, cancellationToken);
        var custom = await roles.ListRolesAsync(tenantId, cancellationToken);
        return ApiResponse.Entities([.. EasemobRoles.System, .. custom.Select(r => EasemobRoles.ViewOf(r, time))]);
    }

    private static async Task<IResult> GetAsync(int tenantId, int roleId, IRoleStore roles, TenantClock clock, CancellationToken cancellationToken)
    {
        if (EasemobRoles.System.FirstOrDefault(r => r.RoleId == roleId) is { } system)
        {
            return ApiResponse.Entity(system);
        }

        return await roles.GetRoleAsync(tenantId, roleId, cancellationToken) is { } role
            ? ApiResponse.Entity(EasemobRoles.ViewOf(role, await clock.GetAsync(tenantId, cancellationToken)))
            : NotFound(roleId);
    }

    private static async Task<IResult> CreateAsync(
        int tenantId,
        [FromBody] RoleRequest? request,
        IRoleStore roles,
        TenantClock clock,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (request?.RoleName is null)
        {
            return AdminErrors.Invalid("role_name is required.");
        }

        if (Validate(request) is { } invalid)
        {
            return invalid;
        }

        var name = request.RoleName.Trim();
        if (IsSystemName(name))
        {
            return NameTaken(name);
        }

        var (result, role) = await roles.CreateRoleAsync(
            tenantId, name, Description(request.RoleDescription), PermissionsOf(request) ?? Permission.None, time.GetUtcNow(), EasemobRoles.FirstCustomId, MaxCustomRoles, cancellationToken);
        return result switch
        {
            RoleChange.Done => ApiResponse.Entity(EasemobRoles.ViewOf(role!, await clock.GetAsync(tenantId, cancellationToken))),
            RoleChange.NameTaken => NameTaken(name),
            _ => AdminErrors.Conflict.WithDescription($"A tenant has at most {MaxCustomRoles} custom roles.").ToResult(),
        };
    }

    private static async Task<IResult> UpdateAsync(
        int tenantId,
        int roleId,
        [FromBody] RoleRequest? request,
        IRoleStore roles,
        TenantClock clock,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (EasemobRoles.IsSystem(roleId))
        {
            return AdminErrors.Invalid("The system roles admin and agent cannot be changed.");
        }

        if (request is null)
        {
            return AdminErrors.Invalid("A role object is required.");
        }

        if (Validate(request) is { } invalid)
        {
            return invalid;
        }

        if (await roles.GetRoleAsync(tenantId, roleId, cancellationToken) is not { } role)
        {
            return NotFound(roleId);
        }

        var name = request.RoleName?.Trim() ?? role.Name;
        if (IsSystemName(name))
        {
            return NameTaken(name);
        }

        var updated = role with
        {
            Name = name,
            Description = request.RoleDescription is null ? role.Description : Description(request.RoleDescription),
            Permissions = PermissionsOf(request) ?? role.Permissions,
            UpdatedAt = DateTimeOffset.FromUnixTimeMilliseconds(time.GetUtcNow().ToUnixTimeMilliseconds()),
        };
        return await roles.UpdateRoleAsync(updated, cancellationToken) switch
        {
            RoleChange.Done => ApiResponse.Entity(EasemobRoles.ViewOf(updated, await clock.GetAsync(tenantId, cancellationToken))),
            RoleChange.NameTaken => NameTaken(name),
            _ => NotFound(roleId),
        };
    }

    private static async Task<IResult> DeleteAsync(int tenantId, int roleId, IRoleStore roles, CancellationToken cancellationToken)
    {
        if (EasemobRoles.IsSystem(roleId))
        {
            return AdminErrors.Invalid("The system roles admin and agent cannot be deleted.");
        }

        return await roles.DeleteRoleAsync(tenantId, roleId, cancellationToken) switch
        {
            RoleChange.Done => ApiResponse.Entity(new DeletedView(roleId)),
            RoleChange.InUse => AdminErrors.Conflict.WithDescription($"Agents hold role {roleId}: give them another role first.").ToResult(),
            _ => NotFound(roleId),
        };
    }

    private static IResult? Validate(RoleRequest request)
    {
        if (request.RoleName is { } name && (string.IsNullOrWhiteSpace(name) || VisibleText.IsLongerThan(name.Trim(), MaxNameLength)))
        {
            return AdminErrors.Invalid($"role_name is 1 to {MaxNameLength} characters.");
        }

        if (VisibleText.IsLongerThan(request.RoleDescription, MaxDescriptionLength))
        {
            return AdminErrors.Invalid($"role_description is at most {MaxDescriptionLength} characters.");
        }

        return request.Permissions is { } permissions && (permissions.Count > PermissionNames.All.Count * 2 || PermissionNames.FromNames(permissions) is null)
            ? AdminErrors.Invalid($"permissions are some of {string.Join(", ", PermissionNames.All)}.")
            : null;
    }

    private static Permission? PermissionsOf(RoleRequest request) => request.Permissions is { } names ? PermissionNames.FromNames(names) : null;

    private static string? Description(string? description) => string.IsNullOrWhiteSpace(description) ? null : description.Trim();

    private static bool IsSystemName(string name) => EasemobRoles.System.Any(r => string.Equals(r.RoleName, name, StringComparison.OrdinalIgnoreCase));

    private static IResult NameTaken(string name) => AdminErrors.Conflict.WithDescription($"A role named '{ClientText.Quote(name)}' exists.").ToResult();

    private static IResult NotFound(int roleId) => AdminErrors.NotFound($"role {roleId}");
}
