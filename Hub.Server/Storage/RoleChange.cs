namespace KefuHub.Server.Storage;

/// <summary>How a write of a custom role ended.</summary>
public enum RoleChange
{
    Done,
    NotFound,

    /// <summary>Another role of the tenant has that name (ignoring ASCII case).</summary>
    NameTaken,

    /// <summary>The tenant has as many roles as it may.</summary>
    LimitReached,

    /// <summary>Agents hold the role: it is not deleted.</summary>
    InUse,
}
