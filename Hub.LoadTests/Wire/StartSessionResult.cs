using MessagePack;

namespace KefuHub.LoadTests.Wire;

/// <summary>Answer of <c>StartSession</c>: <c>Processing</c>, <c>Wait</c> (with a position) or <c>LeaveMessage</c>.</summary>
[MessagePackObject]
public sealed class StartSessionResult
{
    [Key("serviceSessionId")]
    public string? ServiceSessionId { get; set; }

    [Key("state")]
    public string State { get; set; } = "";

    [Key("queuePosition")]
    public int? QueuePosition { get; set; }

    [Key("agent")]
    public AgentView? Agent { get; set; }

    [Key("welcome")]
    public string? Welcome { get; set; }
}
