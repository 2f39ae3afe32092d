using KefuHub.Server.Storage;
using Microsoft.AspNetCore.Mvc;

namespace KefuHub.Server.Api.Admin;

/// <summary>Session summaries: a tree through <c>parentId</c>. Deleting one deletes its descendants.</summary>
internal static class SummaryEndpoints
{
    /// <summary>Agents read the tree to close their sessions with a summary.</summary>
    public static RouteGroupBuilder MapSummaryReads(this RouteGroupBuilder agents)
    {
        agents.MapGet("/summaries", async (int tenantId, ISummaryStore summaries, CancellationToken cancellationToken) =>
            ApiResponse.Entities((await summaries.ListSummariesAsync(tenantId, cancellationToken)).Select(ToView).ToList()));
        return agents;
    }

    public static RouteGroupBuilder MapSummaryEndpoints(this RouteGroupBuilder tenant)
    {
        tenant.MapPost("/summaries", CreateAsync);
        tenant.MapPut("/summaries/{summaryId:int}", UpdateAsync);
        tenant.MapDelete("/summaries/{summaryId:int}", DeleteAsync);
        return tenant;
    }

    private static async Task<IResult> CreateAsync(int tenantId, [FromBody] SummaryRequest? request, ISummaryStore summaries, CancellationToken cancellationToken)
    {
        if (NamedItems.Validate(request?.Name, request?.Color, required: true) is { } invalid)
        {
            return invalid;
        }

        var parentId = request!.ParentId ?? 0;
        var all = await summaries.ListSummariesAsync(tenantId, cancellationToken);
        if (parentId != 0 && all.All(s => s.Id != parentId))
        {
            return AdminErrors.NotFound($"parent summary {parentId}");
        }

        var created = await summaries.CreateSummaryAsync(tenantId, request.Name!.Trim(), request.Color ?? 0, parentId, cancellationToken);
        return ApiResponse.Entity(ToView(created));
    }

    private static async Task<IResult> UpdateAsync(int tenantId, int summaryId, [FromBody] SummaryRequest? request, ISummaryStore summaries, CancellationToken cancellationToken)
    {
        if (NamedItems.Validate(request?.Name, request?.Color, required: request is null) is { } invalid)
        {
            return invalid;
        }

        var all = await summaries.ListSummariesAsync(tenantId, cancellationToken);
        if (all.FirstOrDefault(s => s.Id == summaryId) is not { } summary)
        {
            return AdminErrors.NotFound($"summary {summaryId}");
        }

        var parentId = request!.ParentId ?? summary.ParentId;
        if (parentId != 0 && all.All(s => s.Id != parentId))
        {
            return AdminErrors.NotFound($"parent summary {parentId}");
        }

        if (parentId != 0 && SubtreeOf(all, summaryId).Contains(parentId))
        {
            return AdminErrors.Invalid("A summary cannot move under itself or one of its descendants.");
        }

        var updated = summary with { Name = request.Name?.Trim() ?? summary.Name, Color = request.Color ?? summary.Color, ParentId = parentId };
        return await summaries.UpdateSummaryAsync(updated, cancellationToken)
            ? ApiResponse.Entity(ToView(updated))
            : AdminErrors.NotFound($"summary {summaryId}");
    }

    private static async Task<IResult> DeleteAsync(int tenantId, int summaryId, ISummaryStore summaries, CancellationToken cancellationToken)
    {
        var all = await summaries.ListSummariesAsync(tenantId, cancellationToken);
        if (all.All(s => s.Id != summaryId))
        {
            return AdminErrors.NotFound($"summary {summaryId}");
        }

        await summaries.DeleteSummariesAsync(tenantId, SubtreeOf(all, summaryId), cancellationToken);
        return ApiResponse.Entity(new DeletedView(summaryId));
    }

    /// <summary>The summary and all its descendants.</summary>
    private static List<int> SubtreeOf(IReadOnlyList<SummaryRecord> all, int rootId)
    {
        var children = all.ToLookup(s => s.ParentId, s => s.Id);
        var subtree = new List<int> { rootId };
        for (var i = 0; i < subtree.Count; i++)
        {
            subtree.AddRange(children[subtree[i]].Where(id => !subtree.Contains(id)));
        }

        return subtree;
    }

    private static SummaryView ToView(SummaryRecord summary) => new(summary.Id, summary.Name, summary.Color, summary.ParentId);
}
