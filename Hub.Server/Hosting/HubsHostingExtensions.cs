using KefuHub.Routing;
using KefuHub.Server.Api;
using KefuHub.Server.Api.Cors;
using KefuHub.Server.Api.Operator;
using KefuHub.Server.Cluster;
using KefuHub.Server.Conversations;
using KefuHub.Server.Hosting;
using KefuHub.Server.Hubs;
using KefuHub.Server.Security;
using KefuHub.Server.Storage;
using System.Net;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.HttpOverrides;
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
        services.AddOptions<ProxyOptions>().BindConfiguration(ProxyOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ApiLimitOptions>().BindConfiguration(ApiLimitOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<TokenOptions>().BindConfiguration(TokenOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TokenOptions>, TokenOptionsValidator>();
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
            .Configure<IOptions<ApiLimitOptions>, IAddressRateLimits>((options, limits, windows) => ApiRateLimits.Configure(options, limits.Value, windows));
        services.TryAddSingleton<IAddressRateLimits, InProcessAddressRateLimits>();

        // SignalR logs every failed invocation as an error with its stack; HubErrorFilter logs them instead.
        builder.Logging.AddFilter(HubErrorFilter.DispatcherLogCategory, level => level is LogLevel.Warning or LogLevel.Critical);
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
        services.TryAddSingleton<ICallerLimiter, InProcessCallerLimiter>();

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<TokenIssuer>();
        services.TryAddSingleton<IClusterSignals, LocalClusterSignals>();
        services.AddSingleton<CallerPermissions>();
        services.AddSingleton<TokenStatusCache>();
        services.AddSingleton<TenantSettingsCache>();
        services.AddSingleton<AgentDirectory>();
        services.AddSingleton<SessionViews>();
        services.AddSingleton<SessionStoreRefusals>();
        services.AddSingleton<VisitorSightings>();
        services.AddHostedService(sp => sp.GetRequiredService<VisitorSightings>());
        services.AddSingleton<ConversationNotifier>();
        services.AddSingleton<ConversationService>();
        services.AddSingleton<SessionWorkQueue>();
        services.AddSingleton<RobotWebhookClient>();
        services.AddSingleton<TenantRoutingLoader>();
        services.AddSingleton<TenantRoutingRebuilder>();
        services.AddSingleton<ChangedWaitingLines>();
        services.TryAddSingleton<IQueuePositionLedger, InProcessQueuePositionLedger>();
        services.AddHostedService<QueuePositionPublisher>();
        services.TryAddSingleton<IClusterLock, ProcessClusterLock>();
        services.AddHostedService<HubInitializer>();
        services.AddEasemobApi();
        services.AddOpenApi();

        // Order matters: a change is stored before it is pushed.
        services.AddSingleton<IRoutingEventSink, SessionEventProjector>();
        services.AddSingleton<IRoutingEventSink, HubEventPublisher>();
        services.AddKefuAdminApi();
        services.AddKefuWidget();
        services.AddKefuOperatorApi();
        return builder;
    }

    public static WebApplication MapKefuHubs(this WebApplication app)
    {
        var proxies = app.Services.GetRequiredService<IOptions<ProxyOptions>>().Value;
        if (proxies.Enabled)
        {
            // First, so that everything after (limits, logs, CORS) sees the client's address.
            var forwarded = new ForwardedHeadersOptions
            {
                ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto,
                ForwardLimit = proxies.ForwardLimit,
            };
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var proxy in proxies.KnownProxies)
            {
                forwarded.KnownProxies.Add(IPAddress.Parse(proxy));
            }

            foreach (var network in proxies.KnownNetworks)
            {
                forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }

            app.UseForwardedHeaders(forwarded);
        }

        app.UseExceptionHandler();
        app.UseKefuStaticFiles();
        app.UseRouting();
        app.UseCors();
        // After routing: the limit is the endpoint's own (RequestBodyLimit metadata).
        app.UseMiddleware<RequestBodyLimitMiddleware>();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        // Long polling posts several hub messages at once, each bounded by MaximumReceiveMessageSize.
        var hubBody = new RequestBodyLimit(1024 * 1024);
        app.MapHub<VisitorHub>("/hubs/visitor").WithMetadata(hubBody).RequireCors(VisitorCorsPolicyProvider.PolicyName);
        app.MapHub<AgentHub>("/hubs/agent").WithMetadata(hubBody);
        app.MapGroup("/api/tenants/{tenantId:int}").MapSessionEndpoints().MapKefuWidgetEndpoints();
        app.MapEasemobApi();
        app.MapAdminApi();
        app.MapOperatorEndpoints();
        app.MapTenantCallerEndpoints();
        app.MapOpenApi();
        app.MapKefuAppPage("/workspace", "workspace", "KefuHub Workspace", "The KefuHub workspace needs JavaScript. / KefuHub 客服工作台需要启用 JavaScript。");
        return app;
    }
}
