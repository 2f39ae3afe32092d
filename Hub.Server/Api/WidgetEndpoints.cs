using KefuHub.Server.Api.Files;
using KefuHub.Server.Conversations;
using KefuHub.Server.Storage;

namespace KefuHub.Server.Api;

/// <summary><c>GET /api/tenants/{t}/widget</c>: the public part of the settings, without a token (the widget paints before it has one).</summary>
internal static class WidgetEndpoints
{
    public static RouteGroupBuilder MapWidgetEndpoints(this RouteGroupBuilder tenant)
    {
        tenant.MapGet("/widget", GetWidgetConfigAsync).RequireCors(FileEndpoints.CorsPolicy).RequireRateLimiting(ApiRateLimits.SignUp);
        return tenant;
    }

    private static async Task<IResult> GetWidgetConfigAsync(
        int tenantId,
        HttpContext http,
        ITenantStore tenants,
        TenantSettingsCache cache,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (await tenants.GetTenantAsync(tenantId, cancellationToken) is null)
        {
            return ApiError.WrongTenant.ToResult();
        }

        var settings = await cache.GetAsync(tenantId, cancellationToken);
        var plan = await tenants.GetTimePlanAsync(tenantId, cancellationToken);
        var openNow = TenantRoutingLoader.ToRouting(settings, plan).TimePlan?.IsOpenAt(time.GetUtcNow()) ?? true;
        http.Response.Headers.CacheControl = "public, max-age=30";
        return ApiResponse.Entity(new WidgetConfigView(settings.WelcomeMessage, settings.EnterpriseName, settings.LogoUrl, settings.ThemeColor, settings.ShowAgentNickname, openNow));
    }
}
