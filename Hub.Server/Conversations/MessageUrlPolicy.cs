using System.Globalization;
using System.Text.RegularExpressions;

namespace KefuHub.Server.Conversations;

/// <summary>
/// Which message urls may be relayed: the widget and workspace render them as links and images, so only
/// absolute <c>https:</c>/<c>http:</c> urls and this hub's own file urls
/// (<c>/api/tenants/{tenantId}/files/{fileId}</c>, of the sender's tenant) pass. Anything that a browser
/// could read as another scheme or another host (<c>javascript:</c>, <c>data:</c>, <c>//host</c>,
/// whitespace or control characters that browsers strip) is refused. The one check for hubs and REST.
/// </summary>
public static partial class MessageUrlPolicy
{
    public const int MaxLength = 2048;

    public const string Requirement = "url must be an absolute https: or http: URL or a file url of this hub (/api/tenants/{tenantId}/files/{fileId}), of at most 2048 characters.";

    public static bool IsAllowed(string url, int tenantId)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (url.Length is 0 or > MaxLength || url.Any(IsHidden))
        {
            return false;
        }

        if (url.StartsWith('/'))
        {
            return OwnFilePath().Match(url) is { Success: true } match &&
                int.TryParse(match.Groups["tenant"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var id) &&
                id == tenantId;
        }

        // "https:host" and "https:/host" parse leniently; a link needs the two slashes.
        return Uri.TryCreate(url, UriKind.Absolute, out var uri) &&
            (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) &&
            url.AsSpan(uri.Scheme.Length).StartsWith("://", StringComparison.Ordinal) &&
            uri.Host.Length > 0;
    }

    /// <summary>Spaces, controls and invisible format characters (bidi overrides, zero-width): no url needs them raw.</summary>
    private static bool IsHidden(char c) =>
        c <= ' ' || char.IsControl(c) || char.GetUnicodeCategory(c) is UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator or UnicodeCategory.SpaceSeparator;

    [GeneratedRegex(@"^/api/tenants/(?<tenant>[0-9]{1,10})/files/[A-Za-z0-9_-]{1,128}$", RegexOptions.CultureInvariant)]
    private static partial Regex OwnFilePath();
}
