using Microsoft.Playwright;

namespace KefuHub.Tests.Widget;

/// <summary>Text that would run script if a widget ever treated it as HTML or a url; each payload reports to <c>window.__xss</c>.</summary>
public static class XssCorpus
{
    public static readonly string[] Payloads =
    [
        "<img src=x onerror=\"window.__xss.push('img')\">",
        "<svg onload=\"window.__xss.push('svg')\"></svg>",
        "\"><script>window.__xss.push('script')</script>",
        "<a href=\"javascript:window.__xss.push('a')\">click me</a>",
        "<iframe srcdoc=\"<script>parent.__xss.push('iframe')</script>\"></iframe>",
        "javascript:window.__xss.push('text-url')",
        "‮<b onmouseover=\"window.__xss.push('b')\">RTL</b>",
    ];

    /// <summary>Browsers escape quotes in multipart file names, so this one has none.</summary>
    public const string FileName = "<img src=x onerror=window.__xss.push(1)>.txt";

    public static readonly string[] Urls =
    [
        "javascript:window.__xss.push('url')",
        "JaVaScRiPt:window.__xss.push('url2')",
        "data:text/html,<script>window.__xss.push('data')</script>",
        "vbscript:msgbox(1)",
    ];

    /// <summary>
    /// Nothing ran, and the DOM under <paramref name="host"/> (the widget's shadow root, or the workspace's
    /// element) holds no script, frame, handler attribute or non-http(s) link.
    /// </summary>
    public static async Task AssertInertAsync(IPage page, string host = "kefu-widget")
    {
        // Hovering and clicking every link and image would run an injected handler.
        foreach (var link in await page.Locator($"{host} .bubble b, {host} .bubble img").AllAsync())
        {
            await link.HoverAsync();
        }

        var report = await page.EvaluateAsync<string[]>("""
            (host) => {
              const el = document.querySelector(host);
              const root = el.shadowRoot ?? el;
              const problems = [...window.__xss];
              for (const el of root.querySelectorAll('*')) {
                if (['SCRIPT', 'IFRAME', 'OBJECT', 'EMBED'].includes(el.tagName)) problems.push('element ' + el.tagName);
                for (const a of el.attributes) if (a.name.startsWith('on')) problems.push('attribute ' + a.name + ' on ' + el.tagName);
                const url = el.getAttribute('href') ?? (el.tagName === 'IMG' ? el.getAttribute('src') : null);
                if (url !== null && !/^https?:/i.test(url)) problems.push('url ' + url);
              }
              return problems;
            }
            """, host);
        Assert.True(report.Length == 0, "XSS: " + string.Join(" | ", report));
    }
}
