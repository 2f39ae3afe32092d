using KefuHub.Routing;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

public static class RoutingServiceCollectionExtensions
{
    /// <summary>
    /// Adds the routing engine with the in-memory store unless another <see cref="IRoutingStateStore"/>
    /// was registered first. Binding <see cref="RoutingOptions"/> to configuration is the host's job.
    /// </summary>
    public static IServiceCollection AddKefuRouting(this IServiceCollection services, Action<RoutingOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<RoutingOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RoutingOptions>, RoutingOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IRoutingStateStore, InMemoryRoutingStateStore>();
        services.TryAddSingleton<RoutingEngine>();
        return services;
    }
}
