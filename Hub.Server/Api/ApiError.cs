namespace KefuHub.Server.Api;

/// <summary>An error of the REST API: Easemob's code and text (seed 001), and the HTTP status it goes with.</summary>
public sealed record ApiError(int StatusCode, string ErrorCode, string ErrorDescription)
{
    public static ApiError InvalidParameter { get; } = new(StatusCodes.Status400BadRequest, "API_001", "param is invalid,please check your param is correct!");

    public static ApiError InvalidToken { get; } = new(StatusCodes.Status401Unauthorized, "API_002", "token is invalid");

    public static ApiError WrongTenant { get; } = new(StatusCodes.Status403Forbidden, "API_003", "tenantId is incorrect,please confirm that the tenant ID belongs to you");

    public static ApiError BadClientCredentials { get; } = new(StatusCodes.Status401Unauthorized, "API_004", "clientId or secretId is incorrect");

    /// <summary>Not in Easemob's list: an agent's login to the workspace failed. One text for every cause.</summary>
    public static ApiError BadAgentCredentials { get; } = new(StatusCodes.Status401Unauthorized, "API_005", "username or password is incorrect");

    public static ApiError EmptyNicename { get; } = new(StatusCodes.Status400BadRequest, "API_102", "agent nicename must not empty!");

    public static ApiError AgentExists { get; } = new(StatusCodes.Status409Conflict, "API_103", "agent user already exist");

    public static ApiError AgentNotFound { get; } = new(StatusCodes.Status404NotFound, "API_104", "agent user not exist,please check username is correct");

    public static ApiError AgentOfAnotherTenant { get; } = new(StatusCodes.Status403Forbidden, "API_105", "agent user not belong your tenant,please check username and tenantId is correct");

    public static ApiError MissingRole { get; } = new(StatusCodes.Status400BadRequest, "API_106", "roleId must not empty");

    public static ApiError BadRole { get; } = new(StatusCodes.Status400BadRequest, "API_107", "api add role is failed,please check roleId is valid");

    public static ApiError ShortPassword { get; } = new(StatusCodes.Status400BadRequest, "API_108", "password must be not empty and length greater 7.");

    public static ApiError OnlyAdmin { get; } = new(StatusCodes.Status409Conflict, "API_109", "Can not remove only amdin");

    public static ApiError AgentHasSessions { get; } = new(StatusCodes.Status409Conflict, "API_110", "Can not remove agent,The agent has processing servicesession.");

    public static ApiError PageIndex { get; } = new(StatusCodes.Status400BadRequest, "API_111", "page index must be more than 0.");

    public static ApiError PageSize { get; } = new(StatusCodes.Status400BadRequest, "API_112", "page size must be less than 50.");

    /// <summary>Not in Easemob's list: the caller's token is valid but not an administrator's.</summary>
    public static ApiError NotAdmin { get; } = new(StatusCodes.Status403Forbidden, "API_006", "this call needs an administrator or client credentials token");

    /// <summary>Not in Easemob's list: a visitor's <c>userHash</c> does not prove its <c>userId</c>, or the tenant has no identity secret.</summary>
    public static ApiError BadUserHash { get; } = new(StatusCodes.Status403Forbidden, "API_007", "userHash does not match userId for this tenant's identitySecret");

    /// <summary>Not in Easemob's list: the session does not exist or is not the caller's.</summary>
    public static ApiError SessionNotFound { get; } = new(StatusCodes.Status404NotFound, "API_404", "service session not exist");

    /// <summary>Not in Easemob's list: the visitor does not exist, has no token, or is not the caller.</summary>
    public static ApiError VisitorNotFound { get; } = new(StatusCodes.Status404NotFound, "API_404", "visitor not exist");

    /// <summary>Not in Easemob's list: the request body is larger than the call takes.</summary>
    public static ApiError BodyTooLarge { get; } = new(StatusCodes.Status413PayloadTooLarge, "API_413", "the request body is too large");

    /// <summary>Not in Easemob's list: too many requests; the answer's <c>Retry-After</c> says when to retry.</summary>
    public static ApiError TooManyRequests { get; } = new(StatusCodes.Status429TooManyRequests, "API_429", "too many requests from this address, retry later");

    /// <summary>Not in Easemob's list: shared state (Redis, with several nodes) cannot be reached; retry shortly.</summary>
    public static ApiError Unavailable { get; } = new(StatusCodes.Status503ServiceUnavailable, "API_503", "service temporarily unavailable, try again shortly");

    /// <summary>The same code with a description that says exactly what is wrong.</summary>
    public ApiError WithDescription(string description) => this with { ErrorDescription = description };

    public IResult ToResult() => Results.Json(new ApiErrorBody("FAIL", ErrorCode, ErrorDescription), statusCode: StatusCode);
}
