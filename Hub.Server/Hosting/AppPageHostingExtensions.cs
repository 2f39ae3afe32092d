using System.Globalization;
using System.Net;
using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace Microsoft.AspNetCore.Builder;

/// <summary>
/// The hub's own pages (<c>/workspace</c> for agents, <c>/admin</c> for administrators): a static shell that
/// loads one built script and style sheet from wwwroot/, under a strict Content-Security-Policy. The shell has
/// no inline script or style, so nothing injected into the page could run; the script talks only to this hub.
/// </summary>
internal static class AppPageHostingExtensions
{
    /// <summary>
    /// Scripts and styles from this origin only; images from here or any https url (message images, a
    /// tenant's logo); XHR, fetch and the hub's WebSocket to this origin; never framed.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' https: blob:; connect-src 'self'; " +
        "font-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    /// <param name="path">Where the page is served, e.g. <c>/workspace</c>.</param>
    /// <param name="bundle">The name of the built files: <c>/{bundle}.js</c> and <c>/{bundle}.css</c>.</param>
    /// <param name="title">The document title until the script sets its own.</param>
    /// <param name="noScript">What a browser without JavaScript shows.</param>
    public static WebApplication MapKefuAppPage(this WebApplication app, string path, string bundle, string title, string noScript)
    {
        app.MapGet(path, (HttpContext context, IWebHostEnvironment environment) =>
        {
            var headers = context.Response.Headers;
            headers[HeaderNames.ContentSecurityPolicy] = ContentSecurityPolicy;
            headers[HeaderNames.XContentTypeOptions] = "nosniff";
            headers[HeaderNames.XFrameOptions] = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            headers[HeaderNames.CacheControl] = "no-cache";
            var files = environment.WebRootFileProvider;
            var html = $"""
                <!doctype html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
                <meta name="color-scheme" content="light">
                <meta name="referrer" content="no-referrer">
                <title>{WebUtility.HtmlEncode(title)}</title>
                <link rel="stylesheet" href="/{bundle}.css?v={Version(files, bundle + ".css")}">
                <script src="/{bundle}.js?v={Version(files, bundle + ".js")}" defer></script>
                </head>
                <body>
                <noscript>{WebUtility.HtmlEncode(noScript)}</noscript>
                </body>
                </html>
                """;
            return Results.Content(html, "text/html; charset=utf-8");
        }).ExcludeFromDescription();
        return app;
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
