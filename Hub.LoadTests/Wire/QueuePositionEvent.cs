using MessagePack;

namespace KefuHub.LoadTests.Wire;

/// <summary>Hub → visitor: <c>queuePosition</c> (1 = served next).</summary>
[MessagePackObject]
public sealed class QueuePositionEvent
{
    [Key("serviceSessionId")]
    public string ServiceSessionId { get; set; } = "";

    [Key("position")]
    public int Position { get; set; }

    [Key("waitingCount")]
    public int WaitingCount { get; set; }

    [Key("estimatedWaitSeconds")]
    public int EstimatedWaitSeconds { get; set; }
}
