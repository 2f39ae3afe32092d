using MessagePack;

namespace KefuHub.LoadTests.Wire;

/// <summary>An agent as a visitor sees it.</summary>
[MessagePackObject]
public sealed class AgentView
{
    [Key("nicename")]
    public string? Nicename { get; set; }

    [Key("state")]
    public string? State { get; set; }
}
