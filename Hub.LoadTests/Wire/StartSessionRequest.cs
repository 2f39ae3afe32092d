using MessagePack;

namespace KefuHub.LoadTests.Wire;

/// <summary>Visitor → hub: <c>StartSession</c> (CONTRACT.md, Hubs).</summary>
[MessagePackObject]
public sealed class StartSessionRequest
{
    [Key("queueId")]
    public int? QueueId { get; set; }

    [Key("agentUsername")]
    public string? AgentUsername { get; set; }

    [Key("text")]
    public string? Text { get; set; }
}
