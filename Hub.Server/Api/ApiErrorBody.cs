namespace KefuHub.Server.Api;

/// <summary><c>{"status":"FAIL","errorCode":"API_104","errorDescription":"..."}</c></summary>
public sealed record ApiErrorBody(string Status, string ErrorCode, string ErrorDescription);
