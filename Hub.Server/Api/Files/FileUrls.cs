using System.Text.RegularExpressions;

namespace KefuHub.Server.Api.Files;

/// <summary>The one shape of our file urls: <c>/api/tenants/{tenantId}/files/{fileId}</c>, the id 22 base64url characters (128 random bits).</summary>
internal static partial class FileUrls
{
    public static string For(int tenantId, string fileId) => $"/api/tenants/{tenantId}/files/{fileId}";

    public static bool IsFileUrl(string url) => Pattern().IsMatch(url);

    public static bool IsFileId(string fileId) => IdPattern().IsMatch(fileId);

    [GeneratedRegex("^/api/tenants/[0-9]{1,10}/files/[A-Za-z0-9_-]{22}$")]
    private static partial Regex Pattern();

    [GeneratedRegex("^[A-Za-z0-9_-]{22}$")]
    private static partial Regex IdPattern();
}
