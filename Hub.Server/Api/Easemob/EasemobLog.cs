namespace KefuHub.Server.Api.Easemob;

internal static partial class EasemobLog
{
    [LoggerMessage(5501, LogLevel.Information, "Tenant {TenantId}: agent {AgentUserId} created through the REST API.", EventName = "AgentCreated")]
    public static partial void AgentCreated(ILogger logger, int tenantId, string agentUserId);

    [LoggerMessage(5502, LogLevel.Information, "Tenant {TenantId}: agent {AgentUserId} deleted through the REST API.", EventName = "AgentDeleted")]
    public static partial void AgentDeleted(ILogger logger, int tenantId, string agentUserId);

    [LoggerMessage(5503, LogLevel.Information, "Tenant {TenantId}: agent {AgentUserId} signed out; its connections close on every node.", EventName = "AgentSignedOut")]
    public static partial void AgentSignedOut(ILogger logger, int tenantId, string agentUserId);
}
