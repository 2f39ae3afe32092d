namespace KefuHub.Server.Security;

/// <summary>
/// What a caller may do beyond serving its own sessions. Administrators and client-credential tokens hold all;
/// a plain agent none; an agent with a custom role the role's set.
/// </summary>
[Flags]
public enum Permission
{
    None = 0,

    /// <summary>The admin calls: agents, queues, time plan, settings, summaries, tags, webhook, robot, roles, acting on any session.</summary>
    Admin = 1,

    /// <summary>The session history query and any session's messages.</summary>
    History = 2,

    /// <summary>Handling every leave message: any status, any assignee (without it, only unassigned ones or one's own).</summary>
    LeaveMessages = 4,

    /// <summary>Watching the tenant live: dashboard, online agents, waiting sessions, an agent's or visitor's open sessions.</summary>
    Monitoring = 8,

    All = Admin | History | LeaveMessages | Monitoring,
}
