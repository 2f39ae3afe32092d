namespace KefuHub.Routing;

public enum EndReason
{
    ClosedByAgent = 0,
    ClosedByVisitor = 1,
    ClosedByAdmin = 2,

    /// <summary>The waiting visitor stayed away longer than the tenant's visitor wait grace.</summary>
    VisitorLeft = 3,

    /// <summary>A served session had no visitor or agent message for the tenant's inactivity limit (closed by the system).</summary>
    Inactive = 4,
}
