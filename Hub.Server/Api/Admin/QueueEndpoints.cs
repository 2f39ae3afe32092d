using KefuHub.Routing;
using KefuHub.Server.Storage;
using Microsoft.AspNetCore.Mvc;

namespace KefuHub.Server.Api.Admin;

/// <summary>Skill groups and their members; every change is applied to routing at once.</summary>
internal static class QueueEndpoints
{
    private const int MaxNameLength = 100;
    private const int MaxMembers = 1000;

    /// <summary>Agents read the queues to transfer a session to one.</summary>
    public static RouteGroupBuilder MapQueueReads(this RouteGroupBuilder agents)
    {
        agents.MapGet("/queues", ListAsync);
        agents.MapGet("/queues/{queueId:int}", GetAsync);
        return agents;
    }

    public static RouteGroupBuilder MapQueueEndpoints(this RouteGroupBuilder tenant)
    {
        tenant.MapPost("/queues", CreateAsync);
        tenant.MapPut("/queues/{queueId:int}", UpdateAsync);
        tenant.MapDelete("/queues/{queueId:int}", DeleteAsync);
        return tenant;
    }

    private static async Task<IResult> ListAsync(int tenantId, IQueueStore queues, IAgentStore agents, CancellationToken cancellationToken)
    {
        var usernames = await UsernamesAsync(agents, tenantId, cancellationToken);
        return ApiResponse.Entities((await queues.ListQueuesAsync(tenantId, cancellationToken)).Select(q => ToView(q, usernames)).ToList());
    }

    private static async Task<IResult> GetAsync(int tenantId, int queueId, IQueueStore queues, IAgentStore agents, CancellationToken cancellationToken) =>
        await queues.GetQueueAsync(tenantId, queueId, cancellationToken) is { } queue
            ? ApiResponse.Entity(ToView(queue, await UsernamesAsync(agents, tenantId, cancellationToken)))
            : AdminErrors.NotFound($"queue {queueId}");

    private static async Task<IResult> CreateAsync(
        int tenantId,
        [FromBody] QueueRequest? request,
        IQueueStore queues,
        IAgentStore agents,
        RoutingEngine engine,
        CancellationToken cancellationToken)
    {
        if (ValidateName(request?.QueueName, required: true) is { } invalid)
        {
            return invalid;
        }

        var (members, error) = await MembersAsync(agents, tenantId, request!.AgentUsernames ?? [], cancellationToken);
        if (error is not null)
        {
            return error;
        }

        var queue = await queues.CreateQueueAsync(tenantId, request.QueueName!.Trim(), members, cancellationToken);
        await ApplyAsync(engine, queue, cancellationToken);
        return ApiResponse.Entity(ToView(queue, await UsernamesAsync(agents, tenantId, cancellationToken)));
    }

    private static async Task<IResult> UpdateAsync(
        int tenantId,
        int queueId,
        [FromBody] QueueRequest? request,
        IQueueStore queues,
        IAgentStore agents,
        RoutingEngine engine,
        CancellationToken cancellationToken)
    {
        if (request is null)
        {
            return AdminErrors.Invalid("A body {queueName?, agentUsernames?} is required.");
        }

        if (ValidateName(request.QueueName, required: false) is { } invalid)
        {
            return invalid;
        }

        if (await queues.GetQueueAsync(tenantId, queueId, cancellationToken) is not { } queue)
        {
            return AdminErrors.NotFound($"queue {queueId}");
        }

        if (request.AgentUsernames is not null)
        {
            var (members, error) = await MembersAsync(agents, tenantId, request.AgentUsernames, cancellationToken);
            if (error is not null)
            {
                return error;
            }

            queue = queue with { AgentUserIds = members };
        }

        queue = queue with { QueueName = request.QueueName?.Trim() ?? queue.QueueName };
        if (!await queues.UpdateQueueAsync(queue, cancellationToken))
        {
            return AdminErrors.NotFound($"queue {queueId}");
        }

        await ApplyAsync(engine, queue, cancellationToken);
        return ApiResponse.Entity(ToView(queue, await UsernamesAsync(agents, tenantId, cancellationToken)));
    }

    /// <summary>Sessions waiting in the queue move to the tenant's default queue (or the tenant-wide line).</summary>
    private static async Task<IResult> DeleteAsync(int tenantId, int queueId, IQueueStore queues, RoutingEngine engine, CancellationToken cancellationToken)
    {
        if (!await queues.DeleteQueueAsync(tenantId, queueId, cancellationToken))
        {
            return AdminErrors.NotFound($"queue {queueId}");
        }

        await engine.RemoveQueueAsync(tenantId, queueId, cancellationToken);
        return ApiResponse.Entity(new DeletedView(queueId));
    }

    private static async Task ApplyAsync(RoutingEngine engine, QueueRecord queue, CancellationToken cancellationToken)
    {
        var decision = await engine.SetQueueAsync(queue.TenantId, queue.QueueId, queue.AgentUserIds, cancellationToken);
        if (!decision.Succeeded)
        {
            throw new InvalidOperationException($"Routing refused stored queue {queue.QueueId}: {decision.Message}");
        }
    }

    private static IResult? ValidateName(string? name, bool required) =>
        (name is null && !required) || (!string.IsNullOrWhiteSpace(name) && name.Trim().Length <= MaxNameLength)
            ? null
            : AdminErrors.Invalid($"queueName is required and at most {MaxNameLength} characters.");

    /// <summary>The user ids of these usernames, or API_104 naming the first unknown one.</summary>
    private static async Task<(IReadOnlyList<string> Members, IResult? Error)> MembersAsync(IAgentStore agents, int tenantId, IReadOnlyList<string> usernames, CancellationToken cancellationToken)
    {
        if (usernames.Count > MaxMembers || usernames.Any(string.IsNullOrWhiteSpace))
        {
            return ([], AdminErrors.Invalid($"agentUsernames holds at most {MaxMembers} non-empty usernames."));
        }

        var members = new List<string>(usernames.Count);
        foreach (var username in usernames)
        {
            if (await agents.FindAgentByUsernameAsync(tenantId, username, cancellationToken) is not { } agent)
            {
                return ([], ApiError.AgentNotFound.WithDescription($"agent user not exist,please check username is correct: {username}").ToResult());
            }

            members.Add(agent.UserId);
        }

        return (members.Distinct(StringComparer.Ordinal).ToList(), null);
    }

    private static async Task<Dictionary<string, string>> UsernamesAsync(IAgentStore agents, int tenantId, CancellationToken cancellationToken) =>
        (await agents.ListAgentsAsync(tenantId, cancellationToken)).ToDictionary(a => a.UserId, a => a.Username, StringComparer.Ordinal);

    private static QueueView ToView(QueueRecord queue, Dictionary<string, string> usernames) =>
        new(queue.QueueId, queue.QueueName, queue.AgentUserIds.Select(id => usernames.GetValueOrDefault(id, id)).ToList());
}
