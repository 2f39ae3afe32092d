using MessagePack;

namespace KefuHub.LoadTests.Wire;

/// <summary>A session as an agent (and the REST routing calls) see it.</summary>
[MessagePackObject]
public sealed class SessionView
{
    [Key("serviceSessionId")]
    public string ServiceSessionId { get; set; } = "";

    [Key("visitorId")]
    public string VisitorId { get; set; } = "";

    [Key("state")]
    public string State { get; set; } = "";

    [Key("queueId")]
    public int? QueueId { get; set; }

    [Key("agentUsername")]
    public string? AgentUsername { get; set; }

    [Key("createDatetime")]
    public string? CreateDatetime { get; set; }

    [Key("startDateTime")]
    public string? StartDateTime { get; set; }
}
