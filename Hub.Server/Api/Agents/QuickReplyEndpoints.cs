using KefuHub.Server.Api.Admin;
using KefuHub.Server.Conversations;
using KefuHub.Server.Security;
using KefuHub.Server.Storage;
using Microsoft.AspNetCore.Mvc;

namespace KefuHub.Server.Api.Agents;

/// <summary>
/// Quick replies (常用语): tenant-wide ones, written by administrators and read by every agent, and each agent's
/// own, seen and written by that agent only (another agent's reply is not found). Visitors get API_006.
/// </summary>
internal static class QuickReplyEndpoints
{
    public const int MaxGroupLength = 50;
    public const int MaxTextLength = 2000;
    public const int MaxSearchLength = 100;
    public const int MaxTenantReplies = 1000;
    public const int MaxPersonalReplies = 200;

    public static RouteGroupBuilder MapQuickReplyEndpoints(this RouteGroupBuilder tenant)
    {
        tenant.MapGet("/quickReplies", ListAsync);
        tenant.MapGet("/quickReplies/{quickReplyId:int}", GetAsync);
        tenant.MapPost("/quickReplies", CreateAsync);
        tenant.MapPut("/quickReplies/{quickReplyId:int}", UpdateAsync);
        tenant.MapDelete("/quickReplies/{quickReplyId:int}", DeleteAsync);
        return tenant;
    }

    private static async Task<IResult> ListAsync(int tenantId, HttpContext http, IQuickReplyStore replies, CancellationToken cancellationToken, string? q = null)
    {
        var caller = TenantAccessFilter.CallerOf(http);
        if (caller.Kind == TokenKind.Visitor)
        {
            return NotForVisitors();
        }

        if (q?.Length > MaxSearchLength)
        {
            return AdminErrors.Invalid($"q is at most {MaxSearchLength} characters.");
        }

        var owner = OwnerOf(caller);
        var listed = await replies.ListQuickRepliesAsync(tenantId, owner, string.IsNullOrWhiteSpace(q) ? null : q.Trim(), cancellationToken);
        return ApiResponse.Entities(listed.Select(ToView).ToList());
    }

    private static async Task<IResult> GetAsync(int tenantId, int quickReplyId, HttpContext http, IQuickReplyStore replies, CancellationToken cancellationToken)
    {
        var caller = TenantAccessFilter.CallerOf(http);
        if (caller.Kind == TokenKind.Visitor)
        {
            return NotForVisitors();
        }

        return await FindVisibleAsync(tenantId, quickReplyId, caller, replies, cancellationToken) is { } reply
            ? ApiResponse.Entity(ToView(reply))
            : NotFound(quickReplyId);
    }

    private static async Task<IResult> CreateAsync(
        int tenantId,
        [FromBody] QuickReplyRequest? request,
        HttpContext http,
        IQuickReplyStore replies,
        CallerPermissions permissions,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var caller = TenantAccessFilter.CallerOf(http);
        if (caller.Kind == TokenKind.Visitor)
        {
            return NotForVisitors();
        }

        if (request is null || request.Text is null)
        {
            return AdminErrors.Invalid("text is required.");
        }

        if (Validate(request) is { } invalid)
        {
            return invalid;
        }

        var personal = request.Personal == true;
        if (personal && caller.Kind != TokenKind.Agent)
        {
            return AdminErrors.Invalid("personal quick replies belong to an agent: create them with the agent's own token.");
        }

        if (!personal && !(await permissions.GetAsync(caller, cancellationToken)).HasFlag(Permission.Admin))
        {
            return ApiError.NotAdmin.WithDescription("tenant-wide quick replies are written by administrators; set personal to true for your own").ToResult();
        }

        var max = personal ? MaxPersonalReplies : MaxTenantReplies;
        var created = await replies.CreateQuickReplyAsync(
            tenantId,
            personal ? caller.SubjectId : null,
            request.Group?.Trim() ?? string.Empty,
            request.Text.Trim(),
            time.GetUtcNow(),
            max,
            cancellationToken);
        return created is null
            ? AdminErrors.Conflict.WithDescription($"at most {max} {(personal ? "personal" : "tenant-wide")} quick replies.").ToResult()
            : ApiResponse.Entity(ToView(created));
    }

    private static async Task<IResult> UpdateAsync(
        int tenantId,
        int quickReplyId,
        [FromBody] QuickReplyRequest? request,
        HttpContext http,
        IQuickReplyStore replies,
        CallerPermissions permissions,
        CancellationToken cancellationToken)
    {
        var caller = TenantAccessFilter.CallerOf(http);
        if (caller.Kind == TokenKind.Visitor)
        {
            return NotForVisitors();
        }

        if (request is null)
        {
            return AdminErrors.Invalid("A quick reply object is required.");
        }

        if (Validate(request) is { } invalid)
        {
            return invalid;
        }

        var (reply, refusal) = await FindWritableAsync(tenantId, quickReplyId, caller, replies, permissions, cancellationToken);
        if (reply is null)
        {
            return refusal!;
        }

        if (request.Personal is { } personal && personal != (reply.OwnerUserId is not null))
        {
            return AdminErrors.Invalid("personal cannot be changed: create a new quick reply instead.");
        }

        var updated = reply with { Group = request.Group?.Trim() ?? reply.Group, Text = request.Text?.Trim() ?? reply.Text };
        return await replies.UpdateQuickReplyAsync(updated, cancellationToken) ? ApiResponse.Entity(ToView(updated)) : NotFound(quickReplyId);
    }

    private static async Task<IResult> DeleteAsync(
        int tenantId,
        int quickReplyId,
        HttpContext http,
        IQuickReplyStore replies,
        CallerPermissions permissions,
        CancellationToken cancellationToken)
    {
        var caller = TenantAccessFilter.CallerOf(http);
        if (caller.Kind == TokenKind.Visitor)
        {
            return NotForVisitors();
        }

        var (reply, refusal) = await FindWritableAsync(tenantId, quickReplyId, caller, replies, permissions, cancellationToken);
        if (reply is null)
        {
            return refusal!;
        }

        return await replies.DeleteQuickReplyAsync(tenantId, quickReplyId, cancellationToken) ? ApiResponse.Entity(new DeletedView(quickReplyId)) : NotFound(quickReplyId);
    }

    /// <summary>The reply if the caller sees it: tenant-wide, or the calling agent's own.</summary>
    private static async Task<QuickReplyRecord?> FindVisibleAsync(int tenantId, int quickReplyId, CallerIdentity caller, IQuickReplyStore replies, CancellationToken cancellationToken) =>
        await replies.GetQuickReplyAsync(tenantId, quickReplyId, cancellationToken) is { } reply && (reply.OwnerUserId is null || reply.OwnerUserId == OwnerOf(caller))
            ? reply
            : null;

    /// <summary>The reply if the caller may change it: its own, or a tenant-wide one for an administrator.</summary>
    private static async Task<(QuickReplyRecord? Reply, IResult? Refusal)> FindWritableAsync(
        int tenantId,
        int quickReplyId,
        CallerIdentity caller,
        IQuickReplyStore replies,
        CallerPermissions permissions,
        CancellationToken cancellationToken)
    {
        if (await FindVisibleAsync(tenantId, quickReplyId, caller, replies, cancellationToken) is not { } reply)
        {
            return (null, NotFound(quickReplyId));
        }

        if (reply.OwnerUserId is null && !(await permissions.GetAsync(caller, cancellationToken)).HasFlag(Permission.Admin))
        {
            return (null, ApiError.NotAdmin.WithDescription("tenant-wide quick replies are written by administrators").ToResult());
        }

        return (reply, null);
    }

    private static IResult? Validate(QuickReplyRequest request)
    {
        if (request.Text is { } text && (string.IsNullOrWhiteSpace(text) || VisibleText.IsLongerThan(text.Trim(), MaxTextLength)))
        {
            return AdminErrors.Invalid($"text is 1 to {MaxTextLength} characters.");
        }

        return VisibleText.IsLongerThan(request.Group?.Trim(), MaxGroupLength)
            ? AdminErrors.Invalid($"group is at most {MaxGroupLength} characters.")
            : null;
    }

    /// <summary>Whose personal replies the caller sees: an agent its own; a client-credentials token none.</summary>
    private static string? OwnerOf(CallerIdentity caller) => caller.Kind == TokenKind.Agent ? caller.SubjectId : null;

    private static IResult NotForVisitors() => ApiError.NotAdmin.WithDescription("quick replies are for agents").ToResult();

    private static IResult NotFound(int quickReplyId) => AdminErrors.NotFound($"quick reply {quickReplyId}");

    private static QuickReplyView ToView(QuickReplyRecord reply) => new(reply.Id, reply.Group, reply.Text, reply.OwnerUserId is not null);
}
