namespace KefuHub.Server.Redis;

/// <summary>Which hub a connection recorded in presence belongs to: it says which routing command drops it.</summary>
public enum PresenceHub
{
    Visitor,
    Agent,
}
