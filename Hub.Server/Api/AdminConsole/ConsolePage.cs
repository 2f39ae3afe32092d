using System.Globalization;
using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace KefuHub.Server.Api.AdminConsole;

/// <summary>
/// <c>/admin</c>: an empty page that loads the console's script and style sheet (built by Hub.Widget
/// into wwwroot/). No inline script or style, so the page's CSP allows only our own files.
/// </summary>
internal static class ConsolePage
{
    /// <summary>
    /// Only our own script and styles; images from anywhere https (a tenant's logo url); calls to the hub
    /// itself; never framed.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' https: blob:; connect-src 'self'; " +
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public static IEndpointRouteBuilder MapConsolePage(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/admin", Serve).ExcludeFromDescription();
        return endpoints;
    }

    private static IResult Serve(HttpContext http, IWebHostEnvironment environment)
    {
        var headers = http.Response.Headers;
        headers[HeaderNames.ContentSecurityPolicy] = ContentSecurityPolicy;
        headers[HeaderNames.XContentTypeOptions] = "nosniff";
        headers[HeaderNames.XFrameOptions] = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers[HeaderNames.CacheControl] = "no-cache";
        var files = environment.WebRootFileProvider;
        var html = $$"""
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="color-scheme" content="light">
            <title>KefuHub Console</title>
            <link rel="stylesheet" href="/admin.css?v={{Version(files, "admin.css")}}">
            <script src="/admin.js?v={{Version(files, "admin.js")}}" defer></script>
            </head>
            <body>
            <noscript>The KefuHub console needs JavaScript. / KefuHub 管理后台需要启用 JavaScript。</noscript>
            </body>
            </html>
            """;
        return Results.Content(html, "text/html; charset=utf-8");
    }

    /// <summary>Changes whenever the built file does, so a new build is never hidden by the static files' cache.</summary>
    private static string Version(IFileProvider files, string name)
    {
        var file = files.GetFileInfo(name);
        return file.Exists
            ? string.Create(CultureInfo.InvariantCulture, $"{file.LastModified.ToUnixTimeSeconds():x}{file.Length:x}")
            : "0";
    }
}
