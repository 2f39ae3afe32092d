using KefuHub.Server.Security;
using KefuHub.Server.Storage;

namespace KefuHub.Server.Api.Easemob;

/// <summary>
/// The roles as Easemob's calls show them: the two system roles with Easemob's ids, 1 <c>admin</c> (stored as
/// <c>admin,agent</c>: an administrator also serves sessions, and holds every permission) and 2 <c>agent</c>;
/// then the tenant's custom roles (<c>CUSTOMIZED</c>, ids from <see cref="FirstCustomId"/>), whose agents are stored
/// as <c>agent</c> with the role's id.
/// </summary>
internal static class EasemobRoles
{
    public const int AdminId = 1;
    public const int AgentId = 2;
    public const int FirstCustomId = 3;

    public static IReadOnlyList<RoleView> System { get; } =
    [
        new(AdminId, "admin", "管理员", "SYSTEM", null, null, "ENABLE", PermissionNames.All),
        new(AgentId, "agent", "坐席", "SYSTEM", null, null, "ENABLE", []),
    ];

    public static bool IsSystem(int roleId) => roleId is AdminId or AgentId;

    /// <summary>The stored <see cref="AgentRecord.Roles"/> of a role id (a custom role's agents are agents).</summary>
    public static string StoredRoles(int roleId) => roleId == AdminId ? "admin,agent" : "agent";

    /// <param name="customNames">The tenant's custom role names by id.</param>
    public static RoleRef RoleOf(AgentRecord agent, IReadOnlyDictionary<int, string> customNames)
    {
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(customNames);
        return agent.IsAdmin ? new RoleRef(AdminId, "admin")
            : agent.CustomRoleId is { } id && customNames.TryGetValue(id, out var name) ? new RoleRef(id, name)
            : new RoleRef(AgentId, "agent");
    }

    public static RoleView ViewOf(RoleRecord role, TenantTime time)
    {
        ArgumentNullException.ThrowIfNull(role);
        ArgumentNullException.ThrowIfNull(time);
        return new(role.RoleId, role.Name, role.Description, "CUSTOMIZED", time.FormatIso(role.CreatedAt), time.FormatIso(role.UpdatedAt), "ENABLE", PermissionNames.ToNames(role.Permissions));
    }
}
