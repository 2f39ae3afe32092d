using KefuHub.Server.Conversations;
using KefuHub.Server.Hubs;
using KefuHub.Server.Security;
using KefuHub.Server.Storage;
using Microsoft.AspNetCore.Mvc;

namespace KefuHub.Server.Api.Operator;

/// <summary><c>/api/operator/tenants</c>: create, list, enable and disable tenants (docs/api.md, "Operators").</summary>
internal static class OperatorEndpoints
{
    private const int MaxNameLength = 100;
    private const int MaxUsernameLength = 200;
    private const int MinPasswordLength = 8;
    private const int MaxPasswordLength = 128;

    public static IEndpointRouteBuilder MapOperatorEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/operator/tenants").AddEndpointFilter<OperatorAccessFilter>().WithTags("Operator");
        group.MapPost("/", CreateAsync);
        group.MapGet("/", ListAsync);
        group.MapPut("/{tenantId:int}", SetEnabledAsync);
        return endpoints;
    }

    private static async Task<IResult> CreateAsync(
        [FromBody] CreateTenantRequest? request,
        ITenantStore tenants,
        TenantRoutingLoader loader,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request?.Name) || request.Name.Length > MaxNameLength)
        {
            return ApiError.InvalidParameter.WithDescription($"name is required and at most {MaxNameLength} characters.").ToResult();
        }

        if (string.IsNullOrWhiteSpace(request.AdminUsername) || request.AdminUsername.Length > MaxUsernameLength)
        {
            return ApiError.InvalidParameter.WithDescription($"adminUsername is required and at most {MaxUsernameLength} characters.").ToResult();
        }

        if (request.AdminPassword is not { Length: >= MinPasswordLength and <= MaxPasswordLength })
        {
            return ApiError.ShortPassword.ToResult();
        }

        var now = time.GetUtcNow();
        var clientId = Guid.NewGuid().ToString();
        var secretId = SecretHasher.NewToken();
        var username = request.AdminUsername.Trim();
        var tenantId = await tenants.CreateNextTenantAsync(
            new TenantRecord { TenantId = 0, Name = request.Name.Trim(), ClientId = clientId, SecretHash = SecretHasher.HashSecret(secretId), CreatedAt = now },
            new AgentRecord
            {
                TenantId = 0,
                UserId = Guid.NewGuid().ToString(),
                Username = username,
                PasswordHash = SecretHasher.HashSecret(request.AdminPassword),
                Nicename = username,
                Roles = "admin,agent",
                MaxServiceSessionCount = 10,
                Enabled = true,
                CreatedAt = now,
                UpdatedAt = now,
            },
            cancellationToken);
        await loader.LoadTenantAsync(tenantId, cancellationToken);
        return ApiResponse.Entity(new CreatedTenantView(tenantId, clientId, secretId));
    }

    private static async Task<IResult> ListAsync(ITenantStore tenants, CancellationToken cancellationToken) =>
        ApiResponse.Entities((await tenants.ListTenantsAsync(cancellationToken))
            .Select(t => new TenantView(t.TenantId, t.Name, t.Enabled, t.ClientId, t.CreatedAt))
            .ToList());

    /// <summary>Disabling stops the tenant's tokens at once and closes its hub connections on every node.</summary>
    private static async Task<IResult> SetEnabledAsync(
        int tenantId,
        [FromBody] TenantEnabledRequest? request,
        ITenantStore tenants,
        TenantStatusCache status,
        TenantConnectionRegistry connections,
        CancellationToken cancellationToken)
    {
        if (request?.Enabled is not bool enabled)
        {
            return ApiError.InvalidParameter.WithDescription("enabled (true or false) is required.").ToResult();
        }

        if (!await tenants.SetTenantEnabledAsync(tenantId, enabled, cancellationToken))
        {
            return ApiError.SessionNotFound.WithDescription($"tenant {tenantId} not exist").ToResult();
        }

        status.Invalidate(tenantId);
        if (!enabled)
        {
            connections.AbortAll(tenantId);
        }

        var tenant = (await tenants.GetTenantAsync(tenantId, cancellationToken))!;
        return ApiResponse.Entity(new TenantView(tenant.TenantId, tenant.Name, tenant.Enabled, tenant.ClientId, tenant.CreatedAt));
    }
}
