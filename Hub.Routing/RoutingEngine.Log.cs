using Microsoft.Extensions.Logging;

namespace KefuHub.Routing;

public sealed partial class RoutingEngine
{
    private static partial class Log
    {
        [LoggerMessage(1001, LogLevel.Debug, "Tenant {TenantId}: closed and nobody free, visitor {VisitorId} offered the leave-a-message form.", EventName = "LeaveMessage")]
        public static partial void LeaveMessage(ILogger logger, int tenantId, string visitorId);

        [LoggerMessage(1002, LogLevel.Debug, "Tenant {TenantId}: {Command} rejected with {Error}.", EventName = "CommandRejected")]
        public static partial void Rejected(ILogger logger, int tenantId, string command, RoutingError error);

        [LoggerMessage(1003, LogLevel.Error, "Tenant {TenantId}: event sink {Sink} failed; the routing change stands.", EventName = "EventSinkFailed")]
        public static partial void SinkFailed(ILogger logger, int tenantId, string sink, Exception exception);

        [LoggerMessage(1004, LogLevel.Error, "Tenant {TenantId}: running due deadlines failed; retrying in {RetryDelay} or at the next command.", EventName = "DeadlinesFailed")]
        public static partial void DeadlinesFailed(ILogger logger, int tenantId, TimeSpan retryDelay, Exception exception);
    }
}
