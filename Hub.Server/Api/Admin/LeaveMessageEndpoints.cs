using KefuHub.Server.Hubs.Contracts;
using KefuHub.Server.Storage;
using Microsoft.AspNetCore.Mvc;

namespace KefuHub.Server.Api.Admin;

/// <summary>Leave-a-message records, newest first, paged as Easemob's history (<c>page</c> from 1, <c>per_page</c> ≤ 50).</summary>
internal static class LeaveMessageEndpoints
{
    private const int MaxPageSize = 50;

    public static RouteGroupBuilder MapLeaveMessageEndpoints(this RouteGroupBuilder tenant)
    {
        tenant.MapGet("/leaveMessages", ListAsync);
        tenant.MapPut("/leaveMessages/{leaveMessageId:long}", SetStatusAsync);
        return tenant;
    }

    private static async Task<IResult> ListAsync(
        int tenantId,
        ILeaveMessageStore leaveMessages,
        CancellationToken cancellationToken,
        string? status = null,
        int page = 1,
        [FromQuery(Name = "per_page")] int perPage = 20)
    {
        LeaveMessageStatus? filter = null;
        if (status is not null)
        {
            if (ParseStatus(status) is not { } parsed)
            {
                return InvalidStatus();
            }

            filter = parsed;
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

        var records = await leaveMessages.ListLeaveMessagesAsync(tenantId, filter, (int)offset, perPage, cancellationToken);
        return ApiResponse.Entities(records.Select(LeaveMessageView.From).ToList());
    }

    private static async Task<IResult> SetStatusAsync(
        int tenantId,
        long leaveMessageId,
        [FromBody] LeaveMessageStatusRequest? request,
        ILeaveMessageStore leaveMessages,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (ParseStatus(request?.Status) is not { } status)
        {
            return InvalidStatus();
        }

        return await leaveMessages.SetLeaveMessageStatusAsync(tenantId, leaveMessageId, status, time.GetUtcNow(), cancellationToken)
            ? ApiResponse.Entity(new LeaveMessageStatusView(leaveMessageId, status.ToString()))
            : AdminErrors.NotFound($"leave message {leaveMessageId}");
    }

    /// <summary>By name only, ignoring case: numbers are refused.</summary>
    private static LeaveMessageStatus? ParseStatus(string? status) =>
        Enum.GetValues<LeaveMessageStatus>().Select(s => (LeaveMessageStatus?)s).FirstOrDefault(s => string.Equals(s.ToString(), status, StringComparison.OrdinalIgnoreCase));

    private static IResult InvalidStatus() => AdminErrors.Invalid($"status must be one of {string.Join(", ", Enum.GetNames<LeaveMessageStatus>())}.");
}
