using KefuHub.Server.Conversations;
using KefuHub.Server.Security;
using Microsoft.AspNetCore.SignalR;

namespace KefuHub.Server.Hubs;

/// <summary>
/// Registers each hub connection with its tenant (<see cref="TenantConnectionRegistry"/>) and refuses calls of a
/// disabled tenant, or made with a token that was revoked or expired, closing the connection: on a node that missed
/// the disable's or revocation's signal, that is how its connections end (within the lifetime of
/// <see cref="TenantStatusCache"/> and <see cref="TokenStatusCache"/>), and how a token that expired ends them.
/// </summary>
internal sealed class TenantConnectionsFilter(TenantConnectionRegistry registry, TenantStatusCache status, TokenStatusCache tokens) : IHubFilter
{
    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        var caller = CallerIdentity.FromPrincipal(context.Context.User);
        if (caller is not null)
        {
            // Registered before the check, so that a tenant disabled meanwhile is either seen here or aborted by the disable.
            registry.Add(caller, context.Context);
        }

        await next(context);
        if (caller is not null && !await status.IsEnabledAsync(caller.TenantId, context.Context.ConnectionAborted))
        {
            context.Context.Abort();
        }
    }

    public async Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        if (CallerIdentity.FromPrincipal(context.Context.User) is { } caller)
        {
            registry.Remove(caller, context.Context.ConnectionId);
        }

        if (TokenHashOf(context.Context) is { } tokenHash)
        {
            tokens.Forget(tokenHash);
        }

        await next(context, exception);
    }

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        if (CallerIdentity.FromPrincipal(invocationContext.Context.User) is { } caller &&
            !await status.IsEnabledAsync(caller.TenantId, invocationContext.Context.ConnectionAborted))
        {
            invocationContext.Context.Abort();
            throw new HubException("This tenant is disabled.");
        }

        if (TokenHashOf(invocationContext.Context) is { } tokenHash && !await tokens.IsValidAsync(tokenHash, invocationContext.Context.ConnectionAborted))
        {
            invocationContext.Context.Abort();
            throw new HubException("This token was revoked or has expired: sign in again.");
        }

        return await next(invocationContext);
    }

    private static string? TokenHashOf(HubCallerContext context) => context.User?.FindFirst(KefuClaimTypes.TokenHash)?.Value;
}
