namespace KefuHub.Routing;

public enum RoutingActorKind
{
    System = 0,
    Admin = 1,
    Agent = 2,
    Visitor = 3,
}
