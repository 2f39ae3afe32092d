using KefuHub.Server.Security;

namespace KefuHub.Server.Storage;

/// <summary>A custom role (自定义角色) of a tenant: a named set of permissions. Ids start after the two system roles.</summary>
public sealed record RoleRecord(int TenantId, int RoleId, string Name, string? Description, Permission Permissions, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
