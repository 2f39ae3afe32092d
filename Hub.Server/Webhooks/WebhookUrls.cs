using System.Net;

namespace KefuHub.Server.Webhooks;

/// <summary>What a webhook address (the tenant's events, the robot's) must be when it is set.</summary>
public static class WebhookUrls
{
    public const int MaxLength = 2048;

    /// <summary>The URL, or null with <paramref name="problem"/> saying what is wrong.</summary>
    public static Uri? Check(string? url, bool allowPrivateNetworks, string field, out string? problem)
    {
        if (url is not { Length: <= MaxLength } ||
            !Uri.TryCreate(url, UriKind.Absolute, out var uri) ||
            (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) ||
            uri.UserInfo.Length > 0)
        {
            problem = $"{field} must be an absolute http or https URL of at most {MaxLength} characters, without credentials.";
            return null;
        }

        // An early refusal of literal internal addresses; names are checked on every connection (WebhookClient.CreateHandler).
        if (!allowPrivateNetworks && (uri.IsLoopback || (IPAddress.TryParse(uri.DnsSafeHost, out var address) && WebhookAddressPolicy.IsInternal(address))))
        {
            problem = $"{field} points to an internal address; the operator can allow those with {WebhookOptions.SectionName}:{nameof(WebhookOptions.AllowPrivateNetworks)}.";
            return null;
        }

        problem = null;
        return uri;
    }
}
