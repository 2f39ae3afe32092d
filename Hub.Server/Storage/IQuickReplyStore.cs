namespace KefuHub.Server.Storage;

public interface IQuickReplyStore
{
    /// <summary>
    /// The tenant-wide replies and, when <paramref name="ownerUserId"/> is given, that agent's own, by group then id;
    /// with <paramref name="search"/>, only those whose group or text contains it, ignoring case.
    /// </summary>
    ValueTask<IReadOnlyList<QuickReplyRecord>> ListQuickRepliesAsync(int tenantId, string? ownerUserId, string? search, CancellationToken cancellationToken);

    ValueTask<QuickReplyRecord?> GetQuickReplyAsync(int tenantId, int quickReplyId, CancellationToken cancellationToken);

    /// <summary>
    /// Stores a reply with the tenant's next id, unless its owner (the tenant, or the agent) already has
    /// <paramref name="maxCount"/>: then null. The count and the insert are one transaction.
    /// </summary>
    ValueTask<QuickReplyRecord?> CreateQuickReplyAsync(int tenantId, string? ownerUserId, string group, string text, DateTimeOffset createdAt, int maxCount, CancellationToken cancellationToken);

    /// <summary>Replaces the group and text; false when the reply does not exist.</summary>
    ValueTask<bool> UpdateQuickReplyAsync(QuickReplyRecord quickReply, CancellationToken cancellationToken);

    ValueTask<bool> DeleteQuickReplyAsync(int tenantId, int quickReplyId, CancellationToken cancellationToken);
}
