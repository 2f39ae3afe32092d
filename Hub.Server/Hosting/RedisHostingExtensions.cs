using KefuHub.Routing;
using KefuHub.Server.Api;
using KefuHub.Server.Cluster;
using KefuHub.Server.Conversations;
using KefuHub.Server.Hosting;
using KefuHub.Server.Hubs;
using KefuHub.Server.Redis;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.StackExchangeRedis;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Microsoft.AspNetCore.Builder;

internal static class RedisHostingExtensions
{
    /// <summary>
    /// With <c>ConnectionStrings:Redis</c>: routing state, caller and address limits in Redis and the SignalR
    /// Redis backplane for both hubs, over one <see cref="ConnectionMultiplexer"/> for the process. Without it nothing changes (the
    /// embedded in-process state and SignalR).
    /// </summary>
    public static WebApplicationBuilder AddKefuRedis(this WebApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString("Redis");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return builder;
        }

        var services = builder.Services;
        services.AddOptions<RedisRoutingOptions>().BindConfiguration(RedisRoutingOptions.SectionName).ValidateDataAnnotations()
            .Validate(o => o.NodeTimeoutSeconds >= 2 * o.HeartbeatSeconds, "Redis:NodeTimeoutSeconds must be at least twice Redis:HeartbeatSeconds, or a slow beat would look like a dead node.")
            .ValidateOnStart();
        services.AddSingleton<IConnectionMultiplexer>(_ =>
        {
            var options = ConfigurationOptions.Parse(connectionString);
            // Start even while Redis is down (ready says so) and reconnect by itself; while it is down, calls
            // fail at once instead of queueing behind the reconnect.
            options.AbortOnConnectFail = false;
            options.BacklogPolicy = BacklogPolicy.FailFast;
            options.ClientName ??= "kefu-" + Environment.MachineName + "-" + Environment.ProcessId;
            return ConnectionMultiplexer.Connect(options);
        });
        services.AddSingleton(sp => new RedisRoutingStateStore(
            sp.GetRequiredService<IConnectionMultiplexer>(),
            sp.GetRequiredService<IOptions<RoutingOptions>>(),
            sp.GetRequiredService<IOptions<RedisRoutingOptions>>(),
            sp.GetRequiredService<ILogger<RedisRoutingStateStore>>(),
            // Resolved when first needed: the rebuilder goes through the engine, which needs this store.
            (tenantId, ct) => sp.GetRequiredService<TenantRoutingRebuilder>().RebuildAsync(tenantId, ct)));
        services.AddSingleton<IRoutingStateStore>(sp => sp.GetRequiredService<RedisRoutingStateStore>());
        services.AddSingleton<IClusterLock, RedisClusterLock>();
        services.AddSingleton<IClusterSignals>(sp => new RedisClusterSignals(
            sp.GetRequiredService<IConnectionMultiplexer>(),
            sp.GetRequiredService<IOptions<RedisRoutingOptions>>().Value.KeyPrefix,
            sp.GetRequiredService<ILogger<RedisClusterSignals>>()));

        services.AddSingleton<RedisNodePresence>();
        services.AddHostedService(sp => sp.GetRequiredService<RedisNodePresence>());
        services.AddSingleton<NodePresenceFilter>();
        services.AddSingleton<ICallerLimiter, RedisCallerLimiter>();
        services.AddSingleton<IAddressRateLimits, RedisAddressRateLimits>();
        services.AddSingleton<IQueuePositionLedger, RedisQueuePositionLedger>();
        services.Configure<HubOptions>(options => options.AddFilter<NodePresenceFilter>());

        services.AddSignalR().AddStackExchangeRedis();
        services.AddOptions<RedisOptions>().Configure<IConnectionMultiplexer, IOptions<RedisRoutingOptions>>((options, redis, routing) =>
        {
            // Our prefix keeps the channels of deployments sharing one Redis apart; the multiplexer is the process's one.
            options.Configuration.ChannelPrefix = RedisChannel.Literal(routing.Value.KeyPrefix + ":signalr");
            options.ConnectionFactory = _ => Task.FromResult(redis);
        });
        services.AddHealthChecks().AddCheck<RedisHealthCheck>("redis");
        return builder;
    }
}
