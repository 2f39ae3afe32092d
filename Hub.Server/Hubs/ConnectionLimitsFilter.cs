using KefuHub.Server.Hubs.Contracts;
using KefuHub.Server.Security;
using KefuHub.Server.Storage;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace KefuHub.Server.Hubs;

/// <summary>
/// Enforces the connections one caller may hold and the call rates (per connection, and per caller over
/// all its connections, through <see cref="ICallerLimiter"/>), refused with a clear error rather than
/// queued, and throttles relayed typing events. Typing calls that are dropped cost nothing.
/// </summary>
internal sealed class ConnectionLimitsFilter(IOptions<KefuHubOptions> options, ICallerLimiter callers, TimeProvider time) : IHubFilter
{
    private static readonly object ItemKey = new();

    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        var caller = CallerIdentity.FromPrincipal(context.Context.User);
        if (caller is not null && !await callers.TryOpenConnectionAsync(caller, context.Context.ConnectionId, context.Context.ConnectionAborted))
        {
            var max = caller.Kind == TokenKind.Visitor ? options.Value.MaxConnectionsPerVisitor : options.Value.MaxConnectionsPerAgent;
            throw new HubException($"Too many connections: at most {max} per {(caller.Kind == TokenKind.Visitor ? "visitor" : "agent")}. Close another tab or device and retry.");
        }

        var limits = new ConnectionLimits(options.Value, time) { Caller = caller };
        context.Context.Items[ItemKey] = limits;
        try
        {
            await next(context);
        }
        catch
        {
            // SignalR does not call OnDisconnectedAsync for a connection whose OnConnectedAsync failed.
            await ReleaseAsync(context.Context);
            throw;
        }
    }

    public async Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        try
        {
            await next(context, exception);
        }
        finally
        {
            await ReleaseAsync(context.Context);
        }
    }

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        if (invocationContext.Context.Items[ItemKey] is not ConnectionLimits limits)
        {
            return await next(invocationContext);
        }

        var typing = invocationContext.HubMethodArguments is [TypingRequest request] ? request : null;
        if (typing is not null && !limits.ShouldRelayTyping(typing))
        {
            return null;
        }

        using var lease = limits.Calls.AttemptAcquire();
        if (!lease.IsAcquired)
        {
            throw new HubException(
                $"Rate limit exceeded: at most {options.Value.CallsPerSecond} calls per second per connection (bursts of {options.Value.CallBurst}). Slow down and retry.");
        }

        if (limits.Caller is { } caller && !await callers.TryCallAsync(caller, invocationContext.Context.ConnectionAborted))
        {
            throw new HubException(
                $"Rate limit exceeded: at most {options.Value.CallerCallsPerSecond} calls per second per {(caller.Kind == TokenKind.Visitor ? "visitor" : "agent")} over all its connections (bursts of {options.Value.CallerCallBurst}). Slow down and retry.");
        }

        var result = await next(invocationContext);
        if (typing is not null)
        {
            limits.TypingRelayed(typing);
        }

        return result;
    }

    private async ValueTask ReleaseAsync(HubCallerContext context)
    {
        if (context.Items.Remove(ItemKey, out var item) && item is ConnectionLimits limits)
        {
            limits.Dispose();
            if (limits.Caller is { } caller)
            {
                await callers.CloseConnectionAsync(caller, context.ConnectionId, CancellationToken.None);
            }
        }
    }
}
