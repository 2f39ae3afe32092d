using KefuHub.Server.Conversations;
using KefuHub.Server.Redis;
using Microsoft.AspNetCore.SignalR;

namespace KefuHub.Server.Hubs;

/// <summary>
/// Turns refusals into <see cref="HubException"/>s, whose message reaches the client, and anything else
/// into a generic one after logging it: hubs run with detailed errors on (so that protocol errors such
/// as an oversized message close the connection with a clear reason), and no internal detail may leak.
/// A refusal (a bad argument, someone else's session, a rate limit) is an expected outcome: it is
/// logged at Debug, in one line, with the client's text quoted by <see cref="ClientText"/>. SignalR's
/// own error line for every failed invocation is switched off (see <c>AddKefuHubs</c>), since failures
/// that are not refusals are logged here.
/// </summary>
internal sealed partial class HubErrorFilter(ILogger<HubErrorFilter> logger) : IHubFilter
{
    /// <summary>The category of SignalR's invocation error log, which would repeat every refusal with a stack trace.</summary>
    public const string DispatcherLogCategory = "Microsoft.AspNetCore.SignalR.Internal.DefaultHubDispatcher";

    private const int MaxReasonLength = 200;

    private const string Unavailable = "Service temporarily unavailable (routing state cannot be reached); try again shortly.";

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        try
        {
            return await next(invocationContext);
        }
        catch (ConversationException ex)
        {
            LogRefused(logger, invocationContext.HubMethodName, invocationContext.Context.ConnectionId, ClientText.Quote(ex.Message, MaxReasonLength));
            throw new HubException(ex.Message);
        }
        catch (RoutingStoreUnavailableException ex)
        {
            // Our own message, with nothing internal: the client should retry shortly.
            LogFailed(logger, invocationContext.HubMethodName, invocationContext.Context.ConnectionId, ex);
            throw new HubException(Unavailable);
        }
        catch (HubException ex)
        {
            LogRefused(logger, invocationContext.HubMethodName, invocationContext.Context.ConnectionId, ClientText.Quote(ex.Message, MaxReasonLength));
            throw;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFailed(logger, invocationContext.HubMethodName, invocationContext.Context.ConnectionId, ex);
            throw new HubException($"'{invocationContext.HubMethodName}' failed on the server; the error was logged.");
        }
    }

    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        try
        {
            await next(context);
        }
        catch (HubException ex)
        {
            LogRefused(logger, nameof(OnConnectedAsync), context.Context.ConnectionId, ClientText.Quote(ex.Message, MaxReasonLength));
            throw;
        }
        catch (RoutingStoreUnavailableException ex)
        {
            LogFailed(logger, nameof(OnConnectedAsync), context.Context.ConnectionId, ex);
            throw new HubException(Unavailable);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFailed(logger, nameof(OnConnectedAsync), context.Context.ConnectionId, ex);
            throw new HubException("The connection could not be set up; the error was logged.");
        }
    }

    [LoggerMessage(3002, LogLevel.Error, "Hub call {Method} failed on connection {ConnectionId}")]
    private static partial void LogFailed(ILogger logger, string method, string connectionId, Exception exception);

    [LoggerMessage(3003, LogLevel.Debug, "Hub call {Method} refused on connection {ConnectionId}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string method, string connectionId, string reason);
}
