namespace KefuHub.Server.Api;

/// <summary>An error of the REST API: Easemob's code and text, and the HTTP status it goes with.</summary>
public sealed record ApiError(int StatusCode, string ErrorCode, string ErrorDescription)
{
    public static ApiError InvalidParameter { get; } = new(StatusCodes.Status400BadRequest, "API_001", "param is invalid,please check your param is correct!");

    public static ApiError InvalidToken { get; } = new(StatusCodes.Status401Unauthorized, "API_002", "token is invalid");

    public static ApiError WrongTenant { get; } = new(StatusCodes.Status403Forbidden, "API_003", "tenantId is incorrect,please confirm that the tenant ID belongs to you");

    public static ApiError BadClientCredentials { get; } = new(StatusCodes.Status401Unauthorized, "API_004", "clientId or secretId is incorrect");

    /// <summary>Not in Easemob's list: an agent's login to the workspace failed. One text for every cause.</summary>
    public static ApiError BadAgentCredentials { get; } = new(StatusCodes.Status401Unauthorized, "API_005", "username or password is incorrect");

    public static ApiError AgentNotFound { get; } = new(StatusCodes.Status404NotFound, "API_104", "agent user not exist,please check username is correct");

    /// <summary>Not in Easemob's list: the session does not exist or is not the caller's.</summary>
    public static ApiError SessionNotFound { get; } = new(StatusCodes.Status404NotFound, "API_404", "service session not exist");

    /// <summary>The same code with a description that says exactly what is wrong.</summary>
    public ApiError WithDescription(string description) => this with { ErrorDescription = description };

    public IResult ToResult() => Results.Json(new ApiErrorBody("FAIL", ErrorCode, ErrorDescription), statusCode: StatusCode);
}
