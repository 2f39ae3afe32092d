using KefuHub.Server.Api;
using KefuHub.Server.Api.Cors;
using KefuHub.Server.Api.Files;
using KefuHub.Server.Storage;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Net.Http.Headers;

namespace Microsoft.AspNetCore.Builder;

internal static class WidgetHostingExtensions
{
    /// <summary>What the widget on a business's site needs: CORS for its calls, uploads, its settings.</summary>
    public static IServiceCollection AddKefuWidget(this IServiceCollection services)
    {
        services.AddCors();
        services.Replace(ServiceDescriptor.Singleton<ICorsPolicyProvider, VisitorCorsPolicyProvider>());
        services.AddOptions<FileUploadOptions>().BindConfiguration(FileUploadOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<IFileStore>(sp => sp.GetRequiredService<SqlKefuStore>());
        return services;
    }

    /// <summary>
    /// <c>/widget.js</c> and the other built scripts in wwwroot/: loaded by a plain script tag from any
    /// site (no CORS needed), cached briefly since the url has no version in it, revalidated by ETag.
    /// </summary>
    public static WebApplication UseKefuStaticFiles(this WebApplication app)
    {
        app.UseStaticFiles(new StaticFileOptions
        {
            OnPrepareResponse = context =>
            {
                var headers = context.Context.Response.Headers;
                headers[HeaderNames.CacheControl] = "public, max-age=300, stale-while-revalidate=86400";
                headers[HeaderNames.XContentTypeOptions] = "nosniff";
                headers["Cross-Origin-Resource-Policy"] = "cross-origin";
            },
        });
        return app;
    }

    public static RouteGroupBuilder MapKefuWidgetEndpoints(this RouteGroupBuilder tenant) =>
        tenant.MapWidgetEndpoints().MapFileEndpoints();
}
