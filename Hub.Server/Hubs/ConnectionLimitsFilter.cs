using KefuHub.Server.Hubs.Contracts;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace KefuHub.Server.Hubs;

/// <summary>
/// Enforces each connection's call rate (a token bucket, refused with a clear error rather than queued)
/// and throttles relayed typing events. Typing calls that are dropped cost nothing.
/// </summary>
internal sealed class ConnectionLimitsFilter(IOptions<KefuHubOptions> options, TimeProvider time) : IHubFilter
{
    private static readonly object ItemKey = new();

    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        context.Context.Items[ItemKey] = new ConnectionLimits(options.Value, time);
        await next(context);
    }

    public async Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        try
        {
            await next(context, exception);
        }
        finally
        {
            if (context.Context.Items.Remove(ItemKey, out var limits))
            {
                ((ConnectionLimits)limits!).Dispose();
            }
        }
    }

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        if (invocationContext.Context.Items[ItemKey] is not ConnectionLimits limits)
        {
            return await next(invocationContext);
        }

        if (invocationContext.HubMethodArguments is [TypingRequest typing] && !limits.ShouldRelayTyping(typing))
        {
            return null;
        }

        using var lease = limits.Calls.AttemptAcquire();
        if (!lease.IsAcquired)
        {
            throw new HubException(
                $"Rate limit exceeded: at most {options.Value.CallsPerSecond} calls per second per connection (bursts of {options.Value.CallBurst}). Slow down and retry.");
        }

        return await next(invocationContext);
    }
}
