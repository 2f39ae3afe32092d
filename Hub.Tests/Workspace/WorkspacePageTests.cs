using System.Net;
using KefuHub.Tests.Server.Hubs;

namespace KefuHub.Tests.Workspace;

/// <summary><c>/workspace</c> is a shell served by the hub that a strict Content-Security-Policy protects.</summary>
public sealed class WorkspacePageTests : HubTestBase
{
    [Fact]
    public async Task WorkspacePage_IsAShellWithoutInlineScript_UnderAStrictContentSecurityPolicy()
    {
        using var response = await Server.Http.GetAsync("/workspace", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        var directives = csp.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToDictionary(d => d.Split(' ')[0], d => d);
        Assert.Equal("default-src 'none'", directives["default-src"]);
        Assert.Equal("script-src 'self'", directives["script-src"]);
        Assert.Equal("style-src 'self'", directives["style-src"]);
        Assert.Equal("connect-src 'self'", directives["connect-src"]);
        Assert.Equal("frame-ancestors 'none'", directives["frame-ancestors"]);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));

        var html = await response.Content.ReadAsStringAsync(Ct);
        // Versioned by the built file, so a new build is never hidden by a cached one.
        Assert.Matches("<script src=\"/workspace.js\\?v=[0-9a-f]+\" defer></script>", html);
        Assert.Matches("<link rel=\"stylesheet\" href=\"/workspace.css\\?v=[0-9a-f]+\">", html);
        // Every script is an empty element with a src; no inline style either.
        Assert.Equal(1, html.Split("<script", StringSplitOptions.None).Length - 1);
        Assert.DoesNotContain("<style", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(" style=", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(@"\son\w+\s*=", html);

        foreach (var (path, type) in new[] { ("/workspace.js", "text/javascript"), ("/workspace.css", "text/css") })
        {
            using var asset = await Server.Http.GetAsync(path, Ct);
            Assert.Equal(HttpStatusCode.OK, asset.StatusCode);
            Assert.Equal(type, asset.Content.Headers.ContentType?.MediaType);
            Assert.True((await asset.Content.ReadAsByteArrayAsync(Ct)).Length > 1000, $"{path} is built");
        }
    }
}
