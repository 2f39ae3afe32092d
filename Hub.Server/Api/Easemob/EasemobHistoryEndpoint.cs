using System.Globalization;
using KefuHub.Server.Storage;

namespace KefuHub.Server.Api.Easemob;

/// <summary>Easemob's session history query: <c>GET /api/tenants/{tenantId}/serviceSessionHistorys</c>.</summary>
internal static class EasemobHistoryEndpoint
{
    private const int MaxSummaryDepth = 32;

    public static RouteGroupBuilder MapEasemobHistory(this RouteGroupBuilder tenant)
    {
        tenant.MapGet("/serviceSessionHistorys", QueryAsync).WithName("QueryServiceSessionHistory").Produces<HistoryPageView>().Produces<ApiErrorBody>(StatusCodes.Status400BadRequest);
        return tenant;
    }

    private static async Task<IResult> QueryAsync(
        int tenantId,
        [AsParameters] HistoryQueryParameters parameters,
        ISessionHistoryStore history,
        ISummaryStore summaries,
        IVisitorTagStore visitorTags,
        TenantClock clock,
        CancellationToken cancellationToken)
    {
        var (query, error) = SessionHistoryQueryParser.Parse(tenantId, parameters);
        if (query is null)
        {
            return error!;
        }

        var page = await history.QueryHistoryAsync(query, cancellationToken);
        var tree = (await summaries.ListSummariesAsync(tenantId, cancellationToken)).ToDictionary(s => s.Id);
        var time = await clock.GetAsync(tenantId, cancellationToken);
        var tags = page.Items.Any(row => row.VisitorTagIds.Count > 0)
            ? (await visitorTags.ListVisitorTagsAsync(tenantId, cancellationToken)).ToDictionary(t => t.Id, t => t.Name)
            : [];
        return ApiResponse.Entity(new HistoryPageView(page.TotalEntries, page.Items.Select(row => ToView(row, tree, tags, time)).ToList()));
    }

    internal static HistoryItemView ToView(SessionHistoryRow row, Dictionary<int, SummaryRecord> tree, Dictionary<int, string> tags, TenantTime time)
    {
        // Tags deleted since they were applied are left out; names joined as enquiryTagNames are.
        var visitorTags = row.VisitorTagIds.Where(tags.ContainsKey).Select(id => tags[id]).ToList();
        var session = row.Session;
        var paths = session.SummaryIds.Where(tree.ContainsKey).Select(id => PathOf(tree, id)).ToList();
        var tenantId = session.TenantId.ToString(CultureInfo.InvariantCulture);
        return new HistoryItemView
        {
            ServiceSessionId = session.ServiceSessionId,
            TenantId = session.TenantId,
            QueueId = session.QueueId,
            State = session.State.ToString(),
            MessageSeqId = session.LastSeq,
            AgentUserId = session.AgentUserId,
            AgentUserNiceName = row.AgentNicename,
            AgentUserTrueName = row.AgentTrueName,
            CreateDatetime = time.Format(session.CreatedAt),
            StartDateTime = time.Format(session.StartedAt),
            AgentLastMessageDate = time.Format(session.AgentLastMessageAt),
            StopDateTime = time.Format(session.StoppedAt),
            Summarys = paths,
            EnquirySummary = session.EnquirySummary?.ToString(CultureInfo.InvariantCulture),
            EnquiryDetail = session.EnquiryDetail,
            OriginType = [session.OriginType],
            Comment = session.Comment,
            VisitorUser = new HistoryVisitorUser(session.VisitorId, row.VisitorNickname, session.VisitorId),
            Customer = new HistoryCustomer(session.VisitorId, row.VisitorNickname, row.VisitorTrueName),
            VisitorUserTags = visitorTags.Count == 0 ? null : string.Join(",", visitorTags),
            Transfered = session.Transferred,
            EnquiryTags = session.EnquiryTags.Count == 0 ? null : session.EnquiryTags,
            EnquiryTagNames = session.EnquiryTags.Count == 0 ? null : string.Join(",", session.EnquiryTags),
            AgentUserSet = session.AgentUserId is { } agentId
                ? [new HistoryAgentUser(agentId, row.AgentUsername, row.AgentNicename, row.AgentTrueName, tenantId)]
                : [],
            SummarysDetail = paths.Count == 0 ? null : string.Join(", ", paths.Select(p => string.Join("/", p.Select(s => s.Name)))),
        };
    }

    /// <summary>The summary's path from the root of its tree; a missing parent or a cycle ends it.</summary>
    private static List<HistorySummary> PathOf(Dictionary<int, SummaryRecord> tree, int id)
    {
        var path = new List<HistorySummary>();
        for (var current = tree.GetValueOrDefault(id); current is not null && path.Count < MaxSummaryDepth; current = tree.GetValueOrDefault(current.ParentId))
        {
            path.Insert(0, new HistorySummary(current.Id, current.Name, current.Color, current.ParentId));
            if (current.ParentId == current.Id)
            {
                break;
            }
        }

        return path;
    }
}
