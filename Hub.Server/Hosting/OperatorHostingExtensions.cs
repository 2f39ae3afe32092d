using KefuHub.Server.Api.Operator;
using KefuHub.Server.Conversations;
using KefuHub.Server.Hubs;
using Microsoft.AspNetCore.SignalR;

namespace Microsoft.AspNetCore.Builder;

internal static class OperatorHostingExtensions
{
    /// <summary>Several tenants (the operator calls, closing a disabled tenant's connections) and the inactivity sweeper.</summary>
    public static IServiceCollection AddKefuOperatorApi(this IServiceCollection services)
    {
        services.AddOptions<OperatorOptions>().BindConfiguration(OperatorOptions.SectionName)
            .Validate(o => o.IsValid, "Kefu:Operator:Key must be at least 32 characters, or unset to turn the operator calls off.")
            .ValidateOnStart();
        services.AddSingleton<TenantStatusCache>();
        services.AddSingleton<TenantConnectionRegistry>();
        services.AddSingleton<TenantConnectionsFilter>();
        services.Configure<HubOptions>(options => options.AddFilter<TenantConnectionsFilter>());
        services.AddHostedService<InactivitySweeper>();
        return services;
    }
}
