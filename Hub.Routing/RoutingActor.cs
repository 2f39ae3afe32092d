namespace KefuHub.Routing;

/// <summary>Who asks for a change to a session; the engine checks that they own it.</summary>
public readonly record struct RoutingActor(RoutingActorKind Kind, string? Id)
{
    /// <summary>An administrator or the REST API acting for the tenant: may act on any of its sessions.</summary>
    public static RoutingActor Admin => new(RoutingActorKind.Admin, null);

    public static RoutingActor Agent(string agentId) => new(RoutingActorKind.Agent, agentId);

    public static RoutingActor Visitor(string visitorId) => new(RoutingActorKind.Visitor, visitorId);

    /// <summary>The engine itself (timers).</summary>
    public static RoutingActor System => new(RoutingActorKind.System, null);
}
