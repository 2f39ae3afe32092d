using KefuHub.Routing;
using KefuHub.Server.Storage;

namespace KefuHub.Server.Conversations;

/// <summary>Tells the routing engine what the durable store says about a tenant: settings, time plan, agents, queues.</summary>
public sealed class TenantRoutingLoader(RoutingEngine engine, ITenantStore tenants, IAgentStore agents, IQueueStore queues)
{
    public async ValueTask LoadTenantAsync(int tenantId, CancellationToken cancellationToken)
    {
        await ApplySettingsAsync(tenantId, cancellationToken);
        foreach (var agent in await agents.ListAgentsAsync(tenantId, cancellationToken))
        {
            await ApplyAgentAsync(agent, cancellationToken);
        }

        foreach (var queue in await queues.ListQueuesAsync(tenantId, cancellationToken))
        {
            await engine.SetQueueAsync(tenantId, queue.QueueId, queue.AgentUserIds, cancellationToken);
        }
    }

    public async ValueTask ApplySettingsAsync(int tenantId, CancellationToken cancellationToken)
    {
        var settings = await tenants.GetSettingsAsync(tenantId, cancellationToken);
        var plan = await tenants.GetTimePlanAsync(tenantId, cancellationToken);
        var decision = await engine.ConfigureTenantAsync(tenantId, ToRouting(settings, plan), cancellationToken);
        if (!decision.Succeeded)
        {
            throw new InvalidOperationException($"Tenant {tenantId}'s stored settings were refused by routing: {decision.Message}");
        }
    }

    public ValueTask<RoutingDecision> ApplyAgentAsync(AgentRecord agent, CancellationToken cancellationToken) =>
        engine.UpsertAgentAsync(agent.TenantId, agent.UserId, agent.Enabled, agent.MaxServiceSessionCount, cancellationToken);

    /// <summary>The routing view of the admin API's settings and time plan.</summary>
    public static TenantRoutingSettings ToRouting(TenantSettings settings, TimePlanDocument? plan) => new()
    {
        DefaultQueueId = settings.DefaultQueueId,
        AgentOfflineGrace = TimeSpan.FromSeconds(settings.AgentOfflineGraceSeconds),
        VisitorWaitGrace = TimeSpan.FromSeconds(settings.VisitorWaitGraceSeconds),
        SpecifiedAgentTimeout = TimeSpan.FromSeconds(settings.SpecifiedAgentTimeoutSeconds),
        TimePlan = plan is null
            ? null
            : new TimePlan(
                plan.TimeZone,
                plan.Worktimes.Select(w => new WorkWindow(w.Weekday, TimeOnly.ParseExact(w.Start, "HH:mm"), TimeOnly.ParseExact(w.End, "HH:mm"))).ToList(),
                plan.Holidays.Select(h => new Holiday(DateOnly.ParseExact(h.Date, "yyyy-MM-dd"), h.Note)).ToList()),
    };
}
