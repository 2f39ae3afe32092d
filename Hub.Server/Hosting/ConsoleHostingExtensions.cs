using KefuHub.Server.Api;
using KefuHub.Server.Api.AdminConsole;

namespace Microsoft.AspNetCore.Builder;

internal static class ConsoleHostingExtensions
{
    /// <summary>
    /// The admin console: the <c>/admin</c> page and the calls only it needs beyond the admin API (live
    /// monitor, time plan preview, history export), under the admin API's tenant and role checks.
    /// </summary>
    public static WebApplication MapKefuConsole(this WebApplication app)
    {
        app.MapKefuAppPage("/admin", "admin", "KefuHub Console", "The KefuHub console needs JavaScript. / KefuHub 管理后台需要启用 JavaScript。");
        app.MapAdminGroup("/api/tenants/{tenantId:int}")
            .MapMonitorEndpoints()
            .MapTimePlanPreviewEndpoints()
            .MapHistoryExportEndpoints()
            .WithTags("Console");
        return app;
    }
}
