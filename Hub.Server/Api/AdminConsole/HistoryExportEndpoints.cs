using System.Globalization;
using System.Text;
using KefuHub.Server.Api.Easemob;
using KefuHub.Server.Storage;

namespace KefuHub.Server.Api.AdminConsole;

/// <summary>
/// <c>GET /serviceSessionHistorys/export</c>: the history query's filters and order (every parameter of
/// <c>serviceSessionHistorys</c> but the paging) as one CSV file of at most <see cref="MaxRows"/> sessions.
/// </summary>
internal static class HistoryExportEndpoints
{
    public const int MaxRows = 10_000;
    private const int BatchSize = 500;

    public static RouteGroupBuilder MapHistoryExportEndpoints(this RouteGroupBuilder tenant)
    {
        tenant.MapGet("/serviceSessionHistorys/export", ExportAsync).WithMetadata(new RequiredPermission(Security.Permission.History));
        return tenant;
    }

    private static async Task<IResult> ExportAsync(
        int tenantId,
        [AsParameters] HistoryQueryParameters parameters,
        HttpContext http,
        ISessionHistoryStore history,
        ISummaryStore summaries,
        IVisitorTagStore visitorTags,
        TenantClock clock,
        TimeProvider time,
        CancellationToken cancellationToken,
        string? lang = null)
    {
        // The whole history (the group requires the history permission): no isAgent narrowing to the caller.
        var (parsed, error) = SessionHistoryQueryParser.Parse(tenantId, parameters with { Page = null, PerPage = null }, callerAgentUserId: null);
        if (parsed is null)
        {
            return error!;
        }

        // Sessions created after the export began are left out, so that later batches' offsets do not
        // shift under new arrivals (the default order is by creation time).
        var tree = (await summaries.ListSummariesAsync(tenantId, cancellationToken)).ToDictionary(s => s.Id);
        var query = parsed with
        {
            CreatedTo = parsed.CreatedTo ?? time.GetUtcNow(),
            PerPage = BatchSize,
            Page = 1,
            SummaryIds = parsed.SummaryIds.Count > 0 ? EasemobHistoryEndpoint.WithDescendants(tree, parsed.SummaryIds) : parsed.SummaryIds,
        };
        var first = await history.QueryHistoryAsync(query, cancellationToken);
        var tags = (await visitorTags.ListVisitorTagsAsync(tenantId, cancellationToken)).ToDictionary(t => t.Id, t => t.Name);
        var tenantTime = await clock.GetAsync(tenantId, cancellationToken);
        var rows = (int)Math.Min(first.TotalEntries, MaxRows);

        http.Response.Headers["X-Kefu-Total-Entries"] = first.TotalEntries.ToString(CultureInfo.InvariantCulture);
        http.Response.Headers["X-Kefu-Exported-Entries"] = rows.ToString(CultureInfo.InvariantCulture);
        var chinese = lang?.StartsWith("zh", StringComparison.OrdinalIgnoreCase) == true;
        var name = string.Create(CultureInfo.InvariantCulture, $"sessions-{tenantId}-{tenantTime.Format(tenantTime.Now)[..10]}.csv");
        return Results.Stream(
            async body =>
            {
                await using var writer = new StreamWriter(body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), bufferSize: 16 * 1024);
                await writer.WriteAsync(HistoryCsv.Header(chinese).AsMemory(), cancellationToken);
                var written = 0;
                var page = first;
                for (var index = 1; written < rows; index++)
                {
                    if (index > 1)
                    {
                        page = await history.QueryHistoryAsync(query with { Page = index }, cancellationToken);
                    }

                    if (page.Items.Count == 0)
                    {
                        break;
                    }

                    foreach (var row in page.Items.Take(rows - written))
                    {
                        await writer.WriteAsync(HistoryCsv.Row(EasemobHistoryEndpoint.ToView(row, tree, tags, tenantTime)).AsMemory(), cancellationToken);
                        written++;
                    }
                }
            },
            "text/csv; charset=utf-8",
            name);
    }
}
