using KefuHub.Routing;

namespace Microsoft.AspNetCore.Builder;

internal static class RoutingHostingExtensions
{
    /// <summary>The routing engine with its options bound to the <c>Routing</c> section and validated at start.</summary>
    public static WebApplicationBuilder AddKefuRouting(this WebApplicationBuilder builder)
    {
        builder.Services.AddKefuRouting();
        builder.Services.AddOptions<RoutingOptions>()
            .BindConfiguration(RoutingOptions.SectionName)
            .ValidateOnStart();
        return builder;
    }
}
