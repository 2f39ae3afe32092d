using KefuHub.Server.Api.Admin;
using KefuHub.Server.Conversations;
using KefuHub.Server.Storage;
using KefuHub.Server.Webhooks;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.AspNetCore.Builder;

internal static class AdminApiHostingExtensions
{
    /// <summary>The admin API's stores and the webhook delivery service with its typed HTTP client.</summary>
    public static IServiceCollection AddKefuAdminApi(this IServiceCollection services)
    {
        services.TryAddSingleton<IVisitorTagStore>(sp => sp.GetRequiredService<SqlKefuStore>());
        services.TryAddSingleton<IWebhookStore>(sp => sp.GetRequiredService<SqlKefuStore>());
        services.TryAddSingleton<IDashboardStore>(sp => sp.GetRequiredService<SqlKefuStore>());
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddHttpClient<WebhookClient>((sp, http) => http.Timeout = sp.GetRequiredService<IOptions<WebhookOptions>>().Value.RequestTimeout)
            .ConfigurePrimaryHttpMessageHandler(sp => WebhookClient.CreateHandler(sp.GetRequiredService<IOptions<WebhookOptions>>()));
        services.AddHttpClient(RobotWebhookClient.HttpClientName, http =>
            {
                http.Timeout = RobotWebhookClient.Timeout;
                http.MaxResponseContentBufferSize = RobotWebhookClient.MaxAnswerBytes;
            })
            .ConfigurePrimaryHttpMessageHandler(sp => WebhookClient.CreateHandler(sp.GetRequiredService<IOptions<WebhookOptions>>()));
        services.AddHostedService<WebhookDeliveryService>();
        return services;
    }

    /// <summary>The admin calls of CONTRACT.md's REST table (docs/api.md, "Admin, dashboard and webhooks").</summary>
    public static IEndpointRouteBuilder MapAdminApi(this IEndpointRouteBuilder endpoints) =>
        AdminEndpoints.Map(endpoints);
}
