using KefuHub.Routing;
using KefuHub.Server.Storage;

namespace KefuHub.Server.Conversations;

// Served sessions that nobody writes in (the tenant's inactivityCloseMinutes).
public sealed partial class ConversationService
{
    /// <summary>How long before the close the system warns the visitor.</summary>
    public static readonly TimeSpan InactivityWarningLead = TimeSpan.FromMinutes(1);

    private const string InactivityWarning = "This conversation will close in one minute without a new message.";

    // The last few messages are enough to find the last visitor or agent one: system messages are rare.
    private const int ActivityLookback = 5;

    /// <summary>
    /// Warns, then closes (reason <see cref="EndReason.Inactive"/>), every served session of tenants with an
    /// inactivity limit whose last visitor or agent message (or its start) is that old. Safe to run on every node:
    /// the warning's client message id is derived from the last activity, and a session ends once.
    /// </summary>
    public async ValueTask SweepInactiveSessionsAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        foreach (var tenant in (await sessions.ListOpenSessionsAsync(cancellationToken)).Where(s => s.State == SessionState.Processing).GroupBy(s => s.TenantId))
        {
            var minutes = (await settings.GetAsync(tenant.Key, cancellationToken)).InactivityCloseMinutes;
            if (minutes <= 0)
            {
                continue;
            }

            var limit = TimeSpan.FromMinutes(minutes);
            foreach (var session in tenant)
            {
                var recent = await sessions.GetMessagesAsync(tenant.Key, session.ServiceSessionId, Math.Max(0, session.LastSeq - ActivityLookback), ActivityLookback, cancellationToken);
                var lastActivity = recent.Where(m => m.From != MessageSender.System).Select(m => m.CreatedAt).Append(session.StartedAt ?? session.CreatedAt).Max();
                if (now >= lastActivity + limit)
                {
                    await engine.EndSessionAsync(tenant.Key, RoutingActor.System, session.ServiceSessionId, cancellationToken);
                }
                else if (now >= lastActivity + limit - InactivityWarningLead &&
                    await engine.ReadAsync(tenant.Key, s => s.GetSession(session.ServiceSessionId), cancellationToken) is { State: SessionState.Processing } open)
                {
                    var warningId = $"inactive:{lastActivity.ToUnixTimeMilliseconds()}";
                    await AppendSystemOrVisitorMessageAsync(tenant.Key, open, MessageSender.System, InactivityWarning, warningId, cancellationToken);
                }
            }
        }
    }
}
