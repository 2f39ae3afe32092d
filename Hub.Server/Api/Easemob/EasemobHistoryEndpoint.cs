using System.Globalization;
using KefuHub.Server.Security;
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
        HttpContext http,
        CallerPermissions permissions,
        ISessionHistoryStore history,
        ISummaryStore summaries,
        IVisitorTagStore visitorTags,
        TenantClock clock,
        CancellationToken cancellationToken)
    {
        var caller = TenantAccessFilter.CallerOf(http);
        if (caller.Kind == TokenKind.Visitor)
        {
            return ApiError.NotAdmin.ToResult();
        }

        var (query, error) = SessionHistoryQueryParser.Parse(tenantId, parameters, caller.Kind == TokenKind.Agent ? caller.SubjectId : null);
        if (query is null)
        {
            return error!;
        }

        // Every agent reads its own sessions (isAgent=true, Easemob's agent mode); the whole history needs the permission.
        if (query.ServedByAgentUserId is null && !(await permissions.GetAsync(caller, cancellationToken)).HasFlag(Permission.History))
        {
            return ApiError.NotAdmin.WithDescription("the session history needs the history permission; an agent reads its own sessions with isAgent=true").ToResult();
        }

        var tree = (await summaries.ListSummariesAsync(tenantId, cancellationToken)).ToDictionary(s => s.Id);
        if (query.SummaryIds.Count > 0)
        {
            query = query with { SummaryIds = WithDescendants(tree, query.SummaryIds) };
        }

        var page = await history.QueryHistoryAsync(query, cancellationToken);
        var time = await clock.GetAsync(tenantId, cancellationToken);
        var tags = page.Items.Any(row => row.VisitorTagIds.Count > 0)
            ? (await visitorTags.ListVisitorTagsAsync(tenantId, cancellationToken)).ToDictionary(t => t.Id, t => t.Name)
            : [];
        return ApiResponse.Entity(new HistoryPageView(page.TotalEntries, page.Items.Select(row => ToView(row, tree, tags, time)).ToList()));
    }

    /// <summary>The ids and every summary under them (ids no longer in the tree are kept: closed sessions keep theirs).</summary>
    internal static List<int> WithDescendants(Dictionary<int, SummaryRecord> tree, IReadOnlyList<int> ids)
    {
        var children = tree.Values.Where(s => s.ParentId != s.Id).ToLookup(s => s.ParentId, s => s.Id);
        var selected = new HashSet<int>(ids);
        var pending = new Queue<int>(ids);
        while (pending.TryDequeue(out var id))
        {
            foreach (var child in children[id].Where(selected.Add))
            {
                pending.Enqueue(child);
            }
        }

        return [.. selected];
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
            AgentUserSet = row.Agents.Select(a => new HistoryAgentUser(a.UserId, a.Username, a.Nicename, a.TrueName, tenantId)).ToList(),
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
