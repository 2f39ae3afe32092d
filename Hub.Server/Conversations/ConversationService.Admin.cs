using KefuHub.Routing;
using KefuHub.Server.Hubs.Contracts;
using KefuHub.Server.Security;
using KefuHub.Server.Storage;

namespace KefuHub.Server.Conversations;

// What an administrator can do beyond the agent calls (which accept an admin caller too).
public sealed partial class ConversationService
{
    /// <summary>
    /// Opens a session for the visitor straight onto the agent, capacity not checked (WeChat's
    /// kfsession/create). The agent must not be Offline; the visitor must have no open session.
    /// <paramref name="text"/>, if any, becomes the session's first (system) message.
    /// </summary>
    public async ValueTask<SessionView> OpenSessionOnAgentAsync(CallerIdentity caller, AgentRecord agent, string visitorId, string? text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(agent);
        if (VisibleText.IsLongerThan(text, options.Value.MaxTextLength))
        {
            throw Invalid($"text is longer than {options.Value.MaxTextLength} characters.");
        }

        var decision = await engine.AssignDirectAsync(caller.TenantId, Guid.NewGuid().ToString(), visitorId, agent.UserId, cancellationToken: cancellationToken);
        if (decision.Error is RoutingError.AgentUnavailable or RoutingError.AgentNotFound)
        {
            throw new ConversationException(ConversationError.Conflict, $"Agent '{agent.Username}' is offline or disabled.");
        }

        ThrowIfRejected(decision, string.Empty);
        var session = decision.Session!;
        if (!string.IsNullOrWhiteSpace(text))
        {
            await AppendSystemOrVisitorMessageAsync(caller.TenantId, session, MessageSender.System, text, "create:" + session.SessionId, cancellationToken);
        }

        return await views.ToViewAsync(caller.TenantId, session, cancellationToken);
    }
}
