using MessagePack;

namespace KefuHub.LoadTests.Wire;

/// <summary>Hub → agent: <c>sessionAssigned</c>.</summary>
[MessagePackObject]
public sealed class SessionAssignedEvent
{
    [Key("session")]
    public SessionView? Session { get; set; }

    [Key("reason")]
    public string? Reason { get; set; }
}
