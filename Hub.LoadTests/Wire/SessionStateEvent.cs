using MessagePack;

namespace KefuHub.LoadTests.Wire;

/// <summary>Hub → both sides: <c>sessionState</c>.</summary>
[MessagePackObject]
public sealed class SessionStateEvent
{
    [Key("serviceSessionId")]
    public string ServiceSessionId { get; set; } = "";

    [Key("state")]
    public string State { get; set; } = "";

    [Key("agent")]
    public AgentView? Agent { get; set; }

    [Key("reason")]
    public string? Reason { get; set; }
}
