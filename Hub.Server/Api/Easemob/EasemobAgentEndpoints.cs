using KefuHub.Routing;
using KefuHub.Server.Storage;
using Microsoft.AspNetCore.Mvc;

namespace KefuHub.Server.Api.Easemob;

/// <summary>Easemob's agent calls (seed 001): search, create, update, password, delete, disable, enable (roles: <see cref="RoleEndpoints"/>).</summary>
internal static class EasemobAgentEndpoints
{
    private const int MaxKeyValueLength = 200;
    private const int DefaultPageSize = 10;

    public static RouteGroupBuilder MapEasemobAgents(this RouteGroupBuilder tenant)
    {
        tenant.MapGet("/agents", SearchAsync).WithName("SearchAgents").Produces<AgentPageBody>().Produces<ApiErrorBody>(StatusCodes.Status400BadRequest);
        tenant.MapPost("/agent", CreateAsync).WithName("CreateAgent").Accepts<AgentRequest>("application/json").Produces<ApiErrorBody>(StatusCodes.Status409Conflict);
        tenant.MapPut("/agent", UpdateAsync).WithName("UpdateAgent").Accepts<AgentRequest>("application/json").Produces<StatusBody>();
        tenant.MapDelete("/agent", DeleteAsync).WithName("DeleteAgent").Accepts<AgentUsernameRequest>("application/json").Produces<StatusBody>();
        tenant.MapPut("/agent/password", ChangePasswordAsync).WithName("ChangeAgentPassword").Accepts<AgentUsernameRequest>("application/json").Produces<StatusBody>();
        tenant.MapPut("/agent/disable", DisableAsync).WithName("DisableAgent").Accepts<AgentUsernameRequest>("application/json").Produces<StatusBody>();
        tenant.MapPut("/agent/enable", EnableAsync).WithName("EnableAgent").Accepts<AgentUsernameRequest>("application/json").Produces<StatusBody>();
        return tenant;
    }

    private static async Task<IResult> SearchAsync(
        int tenantId,
        [FromQuery] string? page,
        [FromQuery] string? size,
        [FromQuery] string? keyValue,
        IAgentSearchStore search,
        IRoleStore roles,
        RoutingEngine engine,
        TenantClock clock,
        CancellationToken cancellationToken)
    {
        var (index, indexError) = EasemobPaging.Index(page, "page", first: 0, fallback: 0);
        if (indexError is not null)
        {
            return indexError;
        }

        var (pageSize, sizeError) = EasemobPaging.Size(size, "size", DefaultPageSize);
        if (sizeError is not null)
        {
            return sizeError;
        }

        if (keyValue?.Length > MaxKeyValueLength)
        {
            return ApiError.InvalidParameter.WithDescription($"keyValue is at most {MaxKeyValueLength} characters.").ToResult();
        }

        var result = await search.SearchAgentsAsync(tenantId, keyValue?.Trim(), index, pageSize, cancellationToken);
        var states = await engine.ReadAsync(tenantId, s => s.GetAgents().ToDictionary(a => a.AgentId, a => a.State), cancellationToken);
        var time = await clock.GetAsync(tenantId, cancellationToken);
        var roleNames = await CustomRoleNamesAsync(tenantId, roles, cancellationToken);
        var totalPages = (result.TotalElements + pageSize - 1) / pageSize;
        return Results.Json(new AgentPageBody(
            "OK",
            result.Agents.Select(a => ToView(a, states.GetValueOrDefault(a.UserId), time, roleNames)).ToList(),
            First: index == 0,
            Last: (long)index + 1 >= totalPages,
            Size: pageSize,
            Number: index,
            NumberOfElements: result.Agents.Count,
            TotalPages: totalPages,
            TotalElements: result.TotalElements));
    }

    private static async Task<IResult> CreateAsync(int tenantId, HttpRequest request, AgentAccountService accounts, IRoleStore roles, TenantClock clock, CancellationToken cancellationToken)
    {
        var (body, invalid) = await EasemobBody.ReadAsync<AgentRequest>(request, cancellationToken);
        if (body is null)
        {
            return invalid!;
        }

        var (agent, error) = await accounts.CreateAsync(tenantId, body, cancellationToken);
        return agent is null
            ? error!.ToResult()
            : ApiResponse.Entity(ToView(agent, AgentState.Offline, await clock.GetAsync(tenantId, cancellationToken), await CustomRoleNamesAsync(tenantId, roles, cancellationToken)));
    }

    private static async Task<IResult> UpdateAsync(int tenantId, HttpRequest request, AgentAccountService accounts, CancellationToken cancellationToken)
    {
        var (body, invalid) = await EasemobBody.ReadAsync<AgentRequest>(request, cancellationToken);
        return body is null ? invalid! : Answer(await accounts.UpdateAsync(tenantId, body, cancellationToken));
    }

    private static async Task<IResult> ChangePasswordAsync(int tenantId, HttpRequest request, AgentAccountService accounts, CancellationToken cancellationToken)
    {
        var (body, invalid) = await EasemobBody.ReadAsync<AgentUsernameRequest>(request, cancellationToken);
        return body is null ? invalid! : Answer(await accounts.ChangePasswordAsync(tenantId, body.Username, body.Password, cancellationToken));
    }

    private static async Task<IResult> DeleteAsync(int tenantId, HttpRequest request, AgentAccountService accounts, CancellationToken cancellationToken)
    {
        var (body, invalid) = await EasemobBody.ReadAsync<AgentUsernameRequest>(request, cancellationToken);
        return body is null ? invalid! : Answer(await accounts.DeleteAsync(tenantId, body.Username, cancellationToken));
    }

    private static async Task<IResult> DisableAsync(int tenantId, HttpRequest request, AgentAccountService accounts, CancellationToken cancellationToken)
    {
        var (body, invalid) = await EasemobBody.ReadAsync<AgentUsernameRequest>(request, cancellationToken);
        return body is null ? invalid! : Answer(await accounts.DisableAsync(tenantId, body.Username, cancellationToken));
    }

    private static async Task<IResult> EnableAsync(int tenantId, HttpRequest request, AgentAccountService accounts, CancellationToken cancellationToken)
    {
        var (body, invalid) = await EasemobBody.ReadAsync<AgentUsernameRequest>(request, cancellationToken);
        return body is null ? invalid! : Answer(await accounts.EnableAsync(tenantId, body.Username, cancellationToken));
    }

    private static IResult Answer(ApiError? error) => error?.ToResult() ?? StatusBody.Ok;

    private static async Task<Dictionary<int, string>> CustomRoleNamesAsync(int tenantId, IRoleStore roles, CancellationToken cancellationToken) =>
        (await roles.ListRolesAsync(tenantId, cancellationToken)).ToDictionary(r => r.RoleId, r => r.Name);

    private static AgentView ToView(AgentRecord agent, AgentState state, TenantTime time, IReadOnlyDictionary<int, string> customRoleNames) => new()
    {
        TenantId = agent.TenantId,
        UserId = agent.UserId,
        Nicename = agent.Nicename,
        Username = agent.Username,
        Roles = agent.Roles,
        CreateDateTime = time.Format(agent.CreatedAt),
        LastUpdateDateTime = time.Format(agent.UpdatedAt),
        Status = agent.Enabled ? "Enable" : "Disable",
        State = state.ToString(),
        MaxServiceSessionCount = agent.MaxServiceSessionCount,
        TrueName = agent.TrueName ?? "",
        MobilePhone = agent.MobilePhone ?? "",
        AgentNumber = agent.AgentNumber ?? "",
        TimeZone = time.OffsetName(),
        RoleList = [EasemobRoles.RoleOf(agent, customRoleNames)],
        BizId = agent.TenantId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        OnLineState = state.ToString(),
        CurrentOnLineState = state.ToString(),
    };
}
