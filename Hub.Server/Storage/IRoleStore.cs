using KefuHub.Server.Security;

namespace KefuHub.Server.Storage;

public interface IRoleStore
{
    /// <summary>The tenant's custom roles by id.</summary>
    ValueTask<IReadOnlyList<RoleRecord>> ListRolesAsync(int tenantId, CancellationToken cancellationToken);

    ValueTask<RoleRecord?> GetRoleAsync(int tenantId, int roleId, CancellationToken cancellationToken);

    /// <summary>
    /// Stores a role with the tenant's next role id (the first is <paramref name="firstRoleId"/>): <see cref="RoleChange.Done"/>
    /// with the role, or <see cref="RoleChange.LimitReached"/> (the tenant has <paramref name="maxCount"/>) or
    /// <see cref="RoleChange.NameTaken"/>, storing nothing.
    /// </summary>
    ValueTask<(RoleChange Result, RoleRecord? Role)> CreateRoleAsync(
        int tenantId, string name, string? description, Permission permissions, DateTimeOffset createdAt, int firstRoleId, int maxCount, CancellationToken cancellationToken);

    /// <summary>Replaces the name, description, permissions and update time: Done, NotFound or NameTaken.</summary>
    ValueTask<RoleChange> UpdateRoleAsync(RoleRecord role, CancellationToken cancellationToken);

    /// <summary>Deletes the role unless an agent holds it: Done, NotFound or InUse.</summary>
    ValueTask<RoleChange> DeleteRoleAsync(int tenantId, int roleId, CancellationToken cancellationToken);
}
