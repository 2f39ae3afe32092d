using KefuHub.Server.Conversations;
using KefuHub.Server.Security;
using KefuHub.Server.Storage;

namespace KefuHub.Server.Api.Admin;

/// <summary>The admin API's errors beyond Easemob's list, and how conversation refusals map onto them.</summary>
internal static class AdminErrors
{
    /// <summary>Not in Easemob's list: the request conflicts with the current state (capacity, an open session, an offline agent).</summary>
    public static ApiError Conflict { get; } = new(StatusCodes.Status409Conflict, "API_409", "the request conflicts with the current state");

    /// <summary>API_404 names what was not found.</summary>
    public static IResult NotFound(string what) => ApiError.SessionNotFound.WithDescription($"{what} not exist").ToResult();

    public static IResult Invalid(string description) => ApiError.InvalidParameter.WithDescription(description).ToResult();

    public static IResult FromConversation(ConversationException exception) => (exception.Error switch
    {
        ConversationError.NotFound => ApiError.SessionNotFound,
        ConversationError.Conflict => Conflict,
        ConversationError.Forbidden => ApiError.NotAdmin,
        _ => ApiError.InvalidParameter,
    }).WithDescription(exception.Message).ToResult();

    /// <summary>The caller acting as administrator: the conversation service lets admins act on any session of the tenant.</summary>
    public static CallerIdentity AdminCaller(HttpContext http)
    {
        var caller = TenantAccessFilter.CallerOf(http);
        return caller with { Kind = TokenKind.Api };
    }
}
