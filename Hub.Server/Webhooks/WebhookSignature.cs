using System.Security.Cryptography;
using System.Text;

namespace KefuHub.Server.Webhooks;

/// <summary>The <c>X-Kefu-Signature</c> header: <c>sha256=</c> and the lower-case hex HMAC-SHA256 of the body with the tenant's secret.</summary>
public static class WebhookSignature
{
    public const string HeaderName = "X-Kefu-Signature";

    public static string Compute(string secret, ReadOnlySpan<byte> body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    /// <summary>Constant-time check of a received header, as a receiver does it.</summary>
    public static bool Verify(string secret, ReadOnlySpan<byte> body, string? header) =>
        header is not null &&
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Compute(secret, body)), Encoding.ASCII.GetBytes(header));
}
