namespace KefuHub.Server.Api.Easemob;

/// <summary>
/// A session as Easemob's <c>serviceSessionHistorys</c> shows it. Fields KefuHub has nothing for
/// (channels, call recordings, message details) are present with Easemob's empty values.
/// </summary>
public sealed record HistoryItemView
{
    public required string ServiceSessionId { get; init; }

    public required int TenantId { get; init; }

    public int TechChannelId { get; init; } = Storage.TechChannel.Id;

    public int? QueueId { get; init; }

    public required string State { get; init; }

    public long? ChatGroupId { get; init; }

    public long MessageSeqId { get; init; }

    public string? AgentUserId { get; init; }

    public string? AgentUserNiceName { get; init; }

    public string? AgentUserTrueName { get; init; }

    public int AgentUserType { get; init; } = 1;

    public required string CreateDatetime { get; init; }

    public string? StartDateTime { get; init; }

    public string? AgentLastMessageDate { get; init; }

    public string? StopDateTime { get; init; }

    public string TechChannelType { get; init; } = Storage.TechChannel.Type;

    /// <summary>Each chosen summary as its path from the root of the tree.</summary>
    public required IReadOnlyList<IReadOnlyList<HistorySummary>> Summarys { get; init; }

    /// <summary>The rating <c>"1"</c> to <c>"5"</c>, or null.</summary>
    public string? EnquirySummary { get; init; }

    public string? EnquiryDetail { get; init; }

    public string TechChannelName { get; init; } = Storage.TechChannel.Name;

    public required IReadOnlyList<string> OriginType { get; init; }

    public string? Comment { get; init; }

    public required HistoryVisitorUser VisitorUser { get; init; }

    public required HistoryCustomer Customer { get; init; }

    public string? MessageDetail { get; init; }

    public string? RecordFileUrl { get; init; }

    public bool FromAgentCallback { get; init; }

    public bool Transfered { get; init; }

    public string? VisitorUserTags { get; init; }

    public IReadOnlyList<string>? EnquiryTags { get; init; }

    public string? ChatMessages { get; init; }

    public string? LastChatMessage { get; init; }

    public required IReadOnlyList<HistoryAgentUser> AgentUserSet { get; init; }

    public string? AgentQueueSet { get; init; }

    public string? EnquiryTagNames { get; init; }

    public string? SummarysDetail { get; init; }
}
