using MessagePack;

namespace KefuHub.LoadTests.Wire;

/// <summary>Agent → hub: <c>Close</c>.</summary>
[MessagePackObject]
public sealed class CloseRequest
{
    [Key("serviceSessionId")]
    public string ServiceSessionId { get; set; } = "";

    [Key("summaryIds")]
    public int[]? SummaryIds { get; set; }

    [Key("comment")]
    public string? Comment { get; set; }
}
