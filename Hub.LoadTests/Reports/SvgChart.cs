using System.Globalization;
using System.Net;
using System.Text;

namespace KefuHub.LoadTests.Reports;

/// <summary>Small inline SVG charts (no script, no CDN): lines over time and a histogram.</summary>
internal static class SvgChart
{
    private const int Width = 640;
    private const int Height = 220;
    private const int Left = 56;
    private const int Right = 12;
    private const int Top = 24;
    private const int Bottom = 32;
    private static readonly string[] Colors = ["#1f77b4", "#ff7f0e", "#d62728", "#2ca02c", "#9467bd"];

    public static string Lines(string title, string xUnit, string yUnit, IReadOnlyList<(string Name, IReadOnlyList<(double X, double Y)> Points)> series)
    {
        var points = series.SelectMany(s => s.Points).ToList();
        if (points.Count == 0)
        {
            return "";
        }

        var maxX = Math.Max(points.Max(p => p.X), 1);
        var maxY = Nice(points.Max(p => p.Y));
        var svg = Start(title);
        Axes(svg, maxX, maxY, xUnit, yUnit);
        for (var i = 0; i < series.Count; i++)
        {
            var color = Colors[i % Colors.Length];
            var path = string.Join(' ', series[i].Points.Select(p => $"{X(p.X, maxX)},{Y(p.Y, maxY)}"));
            svg.Append(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" stroke=\"{color}\" stroke-width=\"1.5\" points=\"{path}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left + 8 + (i * 110)}\" y=\"{Top - 8}\" fill=\"{color}\" font-size=\"11\">{Encode(series[i].Name)}</text>");
        }

        return svg.Append("</svg>").ToString();
    }

    public static string Histogram(string title, IReadOnlyList<(double UpperMs, long Count)> buckets)
    {
        if (buckets.Count == 0)
        {
            return "";
        }

        var maxY = Nice(buckets.Max(b => b.Count));
        var svg = Start(title);
        var plotWidth = Width - Left - Right;
        var barWidth = plotWidth / (double)buckets.Count;
        Axes(svg, double.NaN, maxY, "", "calls");
        for (var i = 0; i < buckets.Count; i++)
        {
            var x = Left + (i * barWidth);
            var y = Y(buckets[i].Count, maxY);
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x:F1}\" y=\"{y:F1}\" width=\"{Math.Max(barWidth - 1, 1):F1}\" height=\"{Height - Bottom - y:F1}\" fill=\"#1f77b4\"><title>≤ {buckets[i].UpperMs:G3} ms: {buckets[i].Count}</title></rect>");
            if (i % Math.Max(1, buckets.Count / 8) == 0)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x:F1}\" y=\"{Height - Bottom + 14}\" font-size=\"10\">≤{buckets[i].UpperMs:G3}</text>");
            }
        }

        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width - Right}\" y=\"{Height - 4}\" font-size=\"10\" text-anchor=\"end\">latency, ms (log buckets)</text>");
        return svg.Append("</svg>").ToString();
    }

    private static StringBuilder Start(string title) => new StringBuilder()
        .Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" font-family=\"sans-serif\">")
        .Append(CultureInfo.InvariantCulture, $"<title>{Encode(title)}</title><text x=\"{Width - Right}\" y=\"14\" font-size=\"12\" text-anchor=\"end\">{Encode(title)}</text>");

    private static void Axes(StringBuilder svg, double maxX, double maxY, string xUnit, string yUnit)
    {
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{Height - Bottom}\" x2=\"{Width - Right}\" y2=\"{Height - Bottom}\" stroke=\"#888\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{Top}\" x2=\"{Left}\" y2=\"{Height - Bottom}\" stroke=\"#888\"/>");
        for (var i = 0; i <= 4; i++)
        {
            var value = maxY * i / 4;
            var y = Y(value, maxY);
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{y:F1}\" x2=\"{Width - Right}\" y2=\"{y:F1}\" stroke=\"#eee\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 4}\" y=\"{y + 4:F1}\" font-size=\"10\" text-anchor=\"end\">{value:G4}</text>");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"4\" y=\"{Top - 8}\" font-size=\"10\">{Encode(yUnit)}</text>");
        if (!double.IsNaN(maxX))
        {
            for (var i = 0; i <= 4; i++)
            {
                var value = maxX * i / 4;
                svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{X(value, maxX):F1}\" y=\"{Height - Bottom + 14}\" font-size=\"10\" text-anchor=\"middle\">{value:G4}</text>");
            }

            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width - Right}\" y=\"{Height - 4}\" font-size=\"10\" text-anchor=\"end\">{Encode(xUnit)}</text>");
        }
    }

    private static string X(double x, double maxX) => (Left + ((Width - Left - Right) * x / maxX)).ToString("F1", CultureInfo.InvariantCulture);

    private static double Y(double y, double maxY) => Height - Bottom - ((Height - Top - Bottom) * y / maxY);

    /// <summary>A round axis maximum at or above the data's.</summary>
    private static double Nice(double max)
    {
        if (max <= 0)
        {
            return 1;
        }

        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(max)));
        return new[] { 1, 2, 2.5, 5, 10 }.Select(f => f * magnitude).First(v => v >= max);
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
