using KefuHub.Routing;
using KefuHub.Server.Api;
using KefuHub.Server.Api.Operator;
using KefuHub.Server.Conversations;
using KefuHub.Server.Hosting;
using KefuHub.Server.Hubs;
using KefuHub.Server.Security;
using KefuHub.Server.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.AspNetCore.Builder;

internal static class HubsHostingExtensions
{
    /// <summary>Token authentication, the two hubs, the conversation services and the REST calls around them.</summary>
    public static WebApplicationBuilder AddKefuHubs(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<KefuHubOptions>().BindConfiguration(KefuHubOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ApiLimitOptions>().BindConfiguration(ApiLimitOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<BootstrapOptions>().BindConfiguration(BootstrapOptions.SectionName);

        services.AddAuthentication(KefuAuthenticationDefaults.Scheme)
            .AddScheme<AuthenticationSchemeOptions, KefuTokenAuthenticationHandler>(KefuAuthenticationDefaults.Scheme, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(KefuAuthenticationDefaults.VisitorPolicy, p => p
                .RequireClaim(KefuClaimTypes.Kind, nameof(TokenKind.Visitor))
                .AddRequirements(new AllowedOriginRequirement()))
            .AddPolicy(KefuAuthenticationDefaults.AgentPolicy, p => p.RequireClaim(KefuClaimTypes.Kind, nameof(TokenKind.Agent)));
        services.AddSingleton<IAuthorizationHandler, AllowedOriginAuthorizationHandler>();
        services.AddRateLimiter(_ => { });
        services.AddExceptionHandler<ApiExceptionHandler>();
        services.AddProblemDetails();
        // Bad bodies and parameters throw, so that ApiExceptionHandler answers them with API_001.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.AddOptions<Microsoft.AspNetCore.RateLimiting.RateLimiterOptions>()
            .Configure<IOptions<ApiLimitOptions>>((options, limits) => ApiRateLimits.Configure(options, limits.Value));

        services.AddSignalR(options =>
            {
                // Clear close reasons for protocol errors (oversized or malformed messages); HubErrorFilter
                // keeps hub method errors generic, so nothing internal reaches clients.
                options.EnableDetailedErrors = true;
                options.AddFilter<HubErrorFilter>();
                options.AddFilter<ConnectionLimitsFilter>();
            })
            .AddKefuMessagePackProtocol();
        services.AddOptions<HubOptions>()
            .Configure<IOptions<KefuHubOptions>>((hub, kefu) => hub.MaximumReceiveMessageSize = kefu.Value.MaximumReceiveMessageSize);
        services.AddSingleton<HubErrorFilter>();
        services.AddSingleton<ConnectionLimitsFilter>();

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<TokenIssuer>();
        services.AddSingleton<TenantSettingsCache>();
        services.AddSingleton<AgentDirectory>();
        services.AddSingleton<SessionViews>();
        services.AddSingleton<ConversationNotifier>();
        services.AddSingleton<ConversationService>();
        services.AddSingleton<TenantRoutingLoader>();
        services.AddSingleton<ChangedWaitingLines>();
        services.AddHostedService<QueuePositionPublisher>();
        services.AddHostedService<HubInitializer>();
        services.AddEasemobApi();
        services.AddOpenApi();

        // Order matters: a change is stored before it is pushed.
        services.AddSingleton<IRoutingEventSink, SessionEventProjector>();
        services.AddSingleton<IRoutingEventSink, HubEventPublisher>();
        services.AddKefuAdminApi();
        services.AddKefuOperatorApi();
        return builder;
    }

    public static WebApplication MapKefuHubs(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.MapHub<VisitorHub>("/hubs/visitor");
        app.MapHub<AgentHub>("/hubs/agent");
        app.MapGroup("/api/tenants/{tenantId:int}").MapSessionEndpoints();
        app.MapEasemobApi();
        app.MapAdminApi();
        app.MapOperatorEndpoints();
        app.MapTenantCallerEndpoints();
        app.MapOpenApi();
        return app;
    }
}
