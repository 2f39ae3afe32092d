namespace KefuHub.Server.Storage;

internal static partial class StorageLog
{
    [LoggerMessage(4001, LogLevel.Information, "Storage: applied migration {Migration}.", EventName = "MigrationApplied")]
    public static partial void MigrationApplied(ILogger logger, string migration);

    [LoggerMessage(4002, LogLevel.Debug, "Storage: schema is up to date at version {Version}.", EventName = "SchemaUpToDate")]
    public static partial void SchemaUpToDate(ILogger logger, long version);

    [LoggerMessage(4003, LogLevel.Warning, "Storage: the database did not answer the ping.", EventName = "PingFailed")]
    public static partial void PingFailed(ILogger logger, Exception exception);

    [LoggerMessage(4004, LogLevel.Debug, "Tenant {TenantId}: message {ClientMessageId} of session {ServiceSessionId} was stored earlier; returning it.", EventName = "DuplicateMessage")]
    public static partial void DuplicateMessage(ILogger logger, int tenantId, string serviceSessionId, string clientMessageId);
}
