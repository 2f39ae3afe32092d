using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KefuHub.Tests.Widget;

/// <summary>
/// A business's own site: another Kestrel on another loopback port (so another origin than the hub),
/// serving pages that embed the widget with the one tag of CONTRACT.md.
/// </summary>
public sealed class HostPage : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, string> _pages = new();

    private HostPage(WebApplication app) => _app = app;

    public Uri Address { get; private set; } = null!;

    public static async Task<HostPage> StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var host = new HostPage(app);
        app.MapGet("/{name}", (string name) => host._pages.TryGetValue(name, out var html) ? Results.Content(html, "text/html; charset=utf-8") : Results.NotFound());
        await app.StartAsync(cancellationToken);
        host.Address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return host;
    }

    /// <summary>A page with the widget tag; its url.</summary>
    public string AddPage(string name, Uri hub, string attributes = "", string head = "", string body = "<h1>Acme shop</h1><p>Products, prices, everything.</p>")
    {
        _pages[name] = $$"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Acme shop</title>
            <style>body{font-family:Georgia,serif;margin:40px;color:#333;background:#fafafa}</style>{{head}}</head>
            <body>{{body}}
            <script src="{{new Uri(hub, "/widget.js")}}" data-tenant="1" {{attributes}} async></script>
            </body></html>
            """;
        return new Uri(Address, name).ToString();
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
