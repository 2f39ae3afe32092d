using KefuHub.Server.Storage;
using Microsoft.AspNetCore.Mvc;

namespace KefuHub.Server.Api.Admin;

internal static class VisitorTagEndpoints
{
    /// <summary>Agents read the tags to show and set a visitor's.</summary>
    public static RouteGroupBuilder MapVisitorTagReads(this RouteGroupBuilder agents)
    {
        agents.MapGet("/visitorTags", async (int tenantId, IVisitorTagStore tags, CancellationToken cancellationToken) =>
            ApiResponse.Entities((await tags.ListVisitorTagsAsync(tenantId, cancellationToken)).Select(ToView).ToList()));
        return agents;
    }

    public static RouteGroupBuilder MapVisitorTagEndpoints(this RouteGroupBuilder tenant)
    {
        tenant.MapPost("/visitorTags", CreateAsync);
        tenant.MapPut("/visitorTags/{tagId:int}", UpdateAsync);
        tenant.MapDelete("/visitorTags/{tagId:int}", DeleteAsync);
        return tenant;
    }

    private static async Task<IResult> CreateAsync(int tenantId, [FromBody] VisitorTagRequest? request, IVisitorTagStore tags, CancellationToken cancellationToken) =>
        NamedItems.Validate(request?.Name, request?.Color, required: true)
            ?? ApiResponse.Entity(ToView(await tags.CreateVisitorTagAsync(tenantId, request!.Name!.Trim(), request.Color ?? 0, cancellationToken)));

    private static async Task<IResult> UpdateAsync(int tenantId, int tagId, [FromBody] VisitorTagRequest? request, IVisitorTagStore tags, CancellationToken cancellationToken)
    {
        if (NamedItems.Validate(request?.Name, request?.Color, required: request is null) is { } invalid)
        {
            return invalid;
        }

        if ((await tags.ListVisitorTagsAsync(tenantId, cancellationToken)).FirstOrDefault(t => t.Id == tagId) is not { } tag)
        {
            return AdminErrors.NotFound($"visitor tag {tagId}");
        }

        var updated = tag with { Name = request!.Name?.Trim() ?? tag.Name, Color = request.Color ?? tag.Color };
        return await tags.UpdateVisitorTagAsync(updated, cancellationToken)
            ? ApiResponse.Entity(ToView(updated))
            : AdminErrors.NotFound($"visitor tag {tagId}");
    }

    private static async Task<IResult> DeleteAsync(int tenantId, int tagId, IVisitorTagStore tags, CancellationToken cancellationToken) =>
        await tags.DeleteVisitorTagAsync(tenantId, tagId, cancellationToken)
            ? ApiResponse.Entity(new DeletedView(tagId))
            : AdminErrors.NotFound($"visitor tag {tagId}");

    private static VisitorTagView ToView(VisitorTagRecord tag) => new(tag.Id, tag.Name, tag.Color);
}
