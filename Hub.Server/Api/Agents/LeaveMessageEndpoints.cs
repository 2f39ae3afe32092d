using KefuHub.Server.Api.Admin;
using KefuHub.Server.Conversations;
using KefuHub.Server.Hubs;
using KefuHub.Server.Hubs.Contracts;
using KefuHub.Server.Security;
using KefuHub.Server.Storage;
using Microsoft.AspNetCore.Mvc;

namespace KefuHub.Server.Api.Agents;

/// <summary>
/// Leave-a-message records, handled by agents as a shared inbox: every agent of the tenant lists them and comments
/// on them; an agent handles (status, assignee) those unassigned or assigned to it, and assigns them only to itself,
/// while administrators (and roles with <see cref="Permission.LeaveMessages"/>) handle any. Visitors get API_006.
/// Lists are newest first, paged as Easemob's history (<c>page</c> from 1, <c>per_page</c> ≤ 50).
/// </summary>
internal static class LeaveMessageEndpoints
{
    public const int MaxCommentLength = 2000;
    public const int MaxCommentsPerLeaveMessage = 200;
    private const int MaxPageSize = 50;
    private const string ClientAuthor = "api";

    public static RouteGroupBuilder MapLeaveMessageEndpoints(this RouteGroupBuilder tenant)
    {
        tenant.MapGet("/leaveMessages", ListAsync);
        tenant.MapGet("/leaveMessages/{leaveMessageId:long}", GetAsync);
        tenant.MapPut("/leaveMessages/{leaveMessageId:long}", UpdateAsync);
        tenant.MapGet("/leaveMessages/{leaveMessageId:long}/comments", ListCommentsAsync);
        tenant.MapPost("/leaveMessages/{leaveMessageId:long}/comments", AddCommentAsync);
        return tenant;
    }

    private static async Task<IResult> ListAsync(
        int tenantId,
        HttpContext http,
        ILeaveMessageStore leaveMessages,
        IAgentStore agents,
        CancellationToken cancellationToken,
        string? status = null,
        string? assigneeUsername = null,
        bool unassigned = false,
        int page = 1,
        [FromQuery(Name = "per_page")] int perPage = 20)
    {
        if (TenantAccessFilter.CallerOf(http).Kind == TokenKind.Visitor)
        {
            return NotForVisitors();
        }

        LeaveMessageStatus? statusFilter = null;
        if (!string.IsNullOrEmpty(status))
        {
            if (ParseStatus(status) is not { } parsed)
            {
                return InvalidStatus();
            }

            statusFilter = parsed;
        }

        string? assigneeId = null;
        if (!string.IsNullOrEmpty(assigneeUsername))
        {
            if (await agents.FindAgentByUsernameAsync(tenantId, assigneeUsername, cancellationToken) is not { } assignee)
            {
                return ApiError.AgentNotFound.ToResult();
            }

            assigneeId = assignee.UserId;
        }

        if (page < 1)
        {
            return ApiError.PageIndex.ToResult();
        }

        if (perPage > MaxPageSize)
        {
            return ApiError.PageSize.ToResult();
        }

        if (perPage < 1)
        {
            return AdminErrors.Invalid($"per_page is between 1 and {MaxPageSize}.");
        }

        var offset = (long)(page - 1) * perPage;
        if (offset > int.MaxValue)
        {
            return ApiError.PageIndex.WithDescription("page is too large.").ToResult();
        }

        var records = await leaveMessages.ListLeaveMessagesAsync(tenantId, new LeaveMessageFilter(statusFilter, assigneeId, unassigned), (int)offset, perPage, cancellationToken);
        return ApiResponse.Entities(records.Select(LeaveMessageView.From).ToList());
    }

    private static async Task<IResult> GetAsync(int tenantId, long leaveMessageId, HttpContext http, ILeaveMessageStore leaveMessages, CancellationToken cancellationToken)
    {
        if (TenantAccessFilter.CallerOf(http).Kind == TokenKind.Visitor)
        {
            return NotForVisitors();
        }

        return await leaveMessages.GetLeaveMessageAsync(tenantId, leaveMessageId, cancellationToken) is { } record
            ? ApiResponse.Entity(LeaveMessageView.From(record))
            : NotFound(leaveMessageId);
    }

    private static async Task<IResult> UpdateAsync(
        int tenantId,
        long leaveMessageId,
        [FromBody] LeaveMessageUpdateRequest? request,
        HttpContext http,
        ILeaveMessageStore leaveMessages,
        IAgentStore agents,
        CallerPermissions permissions,
        ConversationNotifier notify,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var caller = TenantAccessFilter.CallerOf(http);
        if (caller.Kind == TokenKind.Visitor)
        {
            return NotForVisitors();
        }

        if (request is null || (request.Status is null && request.AssigneeUsername is null))
        {
            return AdminErrors.Invalid("Give a status, an assigneeUsername, or both.");
        }

        LeaveMessageStatus? status = null;
        if (request.Status is not null)
        {
            if (ParseStatus(request.Status) is not { } parsed)
            {
                return InvalidStatus();
            }

            status = parsed;
        }

        if (await leaveMessages.GetLeaveMessageAsync(tenantId, leaveMessageId, cancellationToken) is not { } record)
        {
            return NotFound(leaveMessageId);
        }

        var assigneeId = record.AssigneeUserId;
        if (request.AssigneeUsername is { Length: 0 })
        {
            assigneeId = null;
        }
        else if (request.AssigneeUsername is { } username)
        {
            var assignee = await agents.FindAgentByUsernameAsync(tenantId, username, cancellationToken);
            if (assignee is null)
            {
                return ApiError.AgentNotFound.ToResult();
            }

            if (!assignee.Enabled)
            {
                return AdminErrors.Invalid($"Agent '{ClientText.Quote(username)}' is disabled.");
            }

            assigneeId = assignee.UserId;
        }

        if (!(await permissions.GetAsync(caller, cancellationToken)).HasFlag(Permission.LeaveMessages))
        {
            if (record.AssigneeUserId is { } current && current != caller.SubjectId)
            {
                return ApiError.NotAdmin.WithDescription("this leave message is assigned to another agent").ToResult();
            }

            if (assigneeId is { } target && target != caller.SubjectId)
            {
                return ApiError.NotAdmin.WithDescription("agents assign leave messages to themselves only").ToResult();
            }
        }

        if (!await leaveMessages.UpdateLeaveMessageAsync(tenantId, leaveMessageId, status ?? record.Status, assigneeId, record.AssigneeUserId, time.GetUtcNow(), cancellationToken))
        {
            return AdminErrors.Conflict.WithDescription("The leave message was assigned meanwhile: read it again.").ToResult();
        }

        var view = LeaveMessageView.From((await leaveMessages.GetLeaveMessageAsync(tenantId, leaveMessageId, cancellationToken))!);
        // The same event as a new one, with the same id: agents update it in place.
        await notify.ToTenantAgentsAsync(tenantId, ClientEvents.LeaveMessage, view, cancellationToken);
        return ApiResponse.Entity(view);
    }

    private static async Task<IResult> ListCommentsAsync(int tenantId, long leaveMessageId, HttpContext http, ILeaveMessageStore leaveMessages, CancellationToken cancellationToken)
    {
        if (TenantAccessFilter.CallerOf(http).Kind == TokenKind.Visitor)
        {
            return NotForVisitors();
        }

        if (await leaveMessages.GetLeaveMessageAsync(tenantId, leaveMessageId, cancellationToken) is null)
        {
            return NotFound(leaveMessageId);
        }

        var comments = await leaveMessages.ListLeaveMessageCommentsAsync(tenantId, leaveMessageId, cancellationToken);
        return ApiResponse.Entities(comments.Select(ToView).ToList());
    }

    private static async Task<IResult> AddCommentAsync(
        int tenantId,
        long leaveMessageId,
        [FromBody] LeaveMessageCommentRequest? request,
        HttpContext http,
        ILeaveMessageStore leaveMessages,
        IAgentStore agents,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var caller = TenantAccessFilter.CallerOf(http);
        if (caller.Kind == TokenKind.Visitor)
        {
            return NotForVisitors();
        }

        if (string.IsNullOrWhiteSpace(request?.Text) || VisibleText.IsLongerThan(request.Text.Trim(), MaxCommentLength))
        {
            return AdminErrors.Invalid($"text is 1 to {MaxCommentLength} characters.");
        }

        var author = ClientAuthor;
        if (caller.Kind == TokenKind.Agent)
        {
            if (await agents.GetAgentAsync(tenantId, caller.SubjectId, cancellationToken) is not { } agent)
            {
                return ApiError.InvalidToken.ToResult();
            }

            author = agent.Username;
        }

        if (await leaveMessages.GetLeaveMessageAsync(tenantId, leaveMessageId, cancellationToken) is null)
        {
            return NotFound(leaveMessageId);
        }

        var comment = await leaveMessages.AddLeaveMessageCommentAsync(tenantId, leaveMessageId, author, request.Text.Trim(), time.GetUtcNow(), MaxCommentsPerLeaveMessage, cancellationToken);
        return comment is null
            ? AdminErrors.Conflict.WithDescription($"A leave message has at most {MaxCommentsPerLeaveMessage} comments.").ToResult()
            : ApiResponse.Entity(ToView(comment));
    }

    /// <summary>By name only, ignoring case: numbers are refused.</summary>
    private static LeaveMessageStatus? ParseStatus(string? status) =>
        Enum.GetValues<LeaveMessageStatus>().Select(s => (LeaveMessageStatus?)s).FirstOrDefault(s => string.Equals(s.ToString(), status, StringComparison.OrdinalIgnoreCase));

    private static IResult InvalidStatus() => AdminErrors.Invalid($"status must be one of {string.Join(", ", Enum.GetNames<LeaveMessageStatus>())}.");

    private static IResult NotForVisitors() => ApiError.NotAdmin.WithDescription("leave messages are handled by agents").ToResult();

    private static IResult NotFound(long leaveMessageId) => AdminErrors.NotFound($"leave message {leaveMessageId}");

    private static LeaveMessageCommentView ToView(LeaveMessageCommentRecord comment) => new(comment.Id, comment.Author, comment.Text, comment.CreatedAt);
}
