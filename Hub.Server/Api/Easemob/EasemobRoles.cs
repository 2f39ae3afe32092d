using KefuHub.Server.Storage;

namespace KefuHub.Server.Api.Easemob;

/// <summary>
/// The two system roles of KefuHub, with Easemob's ids: 1 <c>admin</c> (stored as <c>admin,agent</c>:
/// an administrator also serves sessions) and 2 <c>agent</c>. There are no custom roles.
/// </summary>
internal static class EasemobRoles
{
    public const int AdminId = 1;
    public const int AgentId = 2;

    public static IReadOnlyList<RoleView> All { get; } =
    [
        new(AdminId, "admin", "管理员", "SYSTEM", null, null, "ENABLE"),
        new(AgentId, "agent", "坐席", "SYSTEM", null, null, "ENABLE"),
    ];

    public static bool IsKnown(int roleId) => roleId is AdminId or AgentId;

    /// <summary>The stored <see cref="AgentRecord.Roles"/> of a role id.</summary>
    public static string StoredRoles(int roleId) => roleId == AdminId ? "admin,agent" : "agent";

    public static RoleRef RoleOf(AgentRecord agent) => agent.IsAdmin ? new RoleRef(AdminId, "admin") : new RoleRef(AgentId, "agent");
}
