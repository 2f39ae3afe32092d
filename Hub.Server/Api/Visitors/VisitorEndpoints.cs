using KefuHub.Server.Api.Admin;
using KefuHub.Server.Storage;
using Microsoft.AspNetCore.Mvc;

namespace KefuHub.Server.Api.Visitors;

/// <summary>
/// A visitor's profile and tags: read and written by agents and administrators of the tenant; a visitor token
/// reads and writes its own profile only (another visitor's id is not found), and never tags.
/// </summary>
internal static class VisitorEndpoints
{
    public static RouteGroupBuilder MapVisitorEndpoints(this RouteGroupBuilder tenant)
    {
        tenant.MapGet("/visitors/{visitorId}", GetAsync);
        tenant.MapPut("/visitors/{visitorId}", PutAsync);
        tenant.MapPut("/visitors/{visitorId}/tags", PutTagsAsync);
        return tenant;
    }

    private static async Task<IResult> GetAsync(int tenantId, string visitorId, HttpContext http, IVisitorStore visitors, CancellationToken cancellationToken) =>
        await FindAsync(tenantId, visitorId, http, visitors, cancellationToken) is { } visitor
            ? ApiResponse.Entity(VisitorView.From(visitor))
            : AdminErrors.NotFound($"visitor {visitorId}");

    private static async Task<IResult> PutAsync(
        int tenantId,
        string visitorId,
        [FromBody] VisitorProfileRequest? request,
        HttpContext http,
        IVisitorStore visitors,
        CancellationToken cancellationToken)
    {
        if (request is null)
        {
            return AdminErrors.Invalid("A profile object is required.");
        }

        if (VisitorProfiles.Validate(request) is { } invalid)
        {
            return AdminErrors.Invalid(invalid);
        }

        if (await FindAsync(tenantId, visitorId, http, visitors, cancellationToken) is not { } visitor)
        {
            return AdminErrors.NotFound($"visitor {visitorId}");
        }

        var updated = VisitorProfiles.Apply(visitor, request);
        await visitors.UpdateVisitorProfileAsync(updated, cancellationToken);
        return ApiResponse.Entity(VisitorView.From(updated));
    }

    private static async Task<IResult> PutTagsAsync(
        int tenantId,
        string visitorId,
        [FromBody] VisitorTagsRequest? request,
        HttpContext http,
        IVisitorStore visitors,
        IVisitorTagStore tags,
        CancellationToken cancellationToken)
    {
        if (TenantAccessFilter.CallerOf(http).Kind == TokenKind.Visitor)
        {
            return ApiError.NotAdmin.WithDescription("visitor tags are set by agents and administrators").ToResult();
        }

        if (request?.TagIds is not { } tagIds || tagIds.Count > VisitorProfiles.MaxTags)
        {
            return AdminErrors.Invalid($"tagIds is required: a list of at most {VisitorProfiles.MaxTags} visitor tag ids.");
        }

        var known = (await tags.ListVisitorTagsAsync(tenantId, cancellationToken)).Select(t => t.Id).ToHashSet();
        if (tagIds.Where(id => !known.Contains(id)).Select(id => (int?)id).FirstOrDefault() is int unknown)
        {
            return AdminErrors.NotFound($"visitor tag {unknown}");
        }

        if (await visitors.GetVisitorAsync(tenantId, visitorId, cancellationToken) is not { } visitor)
        {
            return AdminErrors.NotFound($"visitor {visitorId}");
        }

        var distinct = tagIds.Distinct().ToList();
        await visitors.SetVisitorTagsAsync(tenantId, visitorId, distinct, cancellationToken);
        return ApiResponse.Entity(VisitorView.From(visitor with { TagIds = distinct }));
    }

    /// <summary>The visitor, if the caller may see it: any of the tenant's for agents and administrators, its own for a visitor.</summary>
    private static async Task<VisitorRecord?> FindAsync(int tenantId, string visitorId, HttpContext http, IVisitorStore visitors, CancellationToken cancellationToken)
    {
        var caller = TenantAccessFilter.CallerOf(http);
        if (caller.Kind == TokenKind.Visitor && caller.SubjectId != visitorId)
        {
            return null;
        }

        return await visitors.GetVisitorAsync(tenantId, visitorId, cancellationToken);
    }
}
