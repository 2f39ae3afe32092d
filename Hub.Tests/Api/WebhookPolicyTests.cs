using System.Net;
using System.Text;
using KefuHub.Server.Api.Admin;
using KefuHub.Server.Webhooks;

namespace KefuHub.Tests.Api;

/// <summary>The pure parts of webhooks and the dashboard: signatures, address policy, backoff, local days.</summary>
public sealed class WebhookPolicyTests
{
    [Fact]
    public void Signature_IsTheHexHmacSha256OfTheBody()
    {
        var body = Encoding.UTF8.GetBytes("The quick brown fox jumps over the lazy dog");
        var signature = WebhookSignature.Compute("key", body);

        Assert.Equal("sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8", signature);
        Assert.True(WebhookSignature.Verify("key", body, signature));
        Assert.False(WebhookSignature.Verify("other", body, signature));
        Assert.False(WebhookSignature.Verify("key", body, null));
    }

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("10.1.2.3", true)]
    [InlineData("172.16.0.1", true)]
    [InlineData("172.32.0.1", false)]
    [InlineData("192.168.1.1", true)]
    [InlineData("169.254.169.254", true)]
    [InlineData("100.64.0.1", true)]
    [InlineData("0.0.0.0", true)]
    [InlineData("224.0.0.1", true)]
    [InlineData("8.8.8.8", false)]
    [InlineData("::1", true)]
    [InlineData("fe80::1", true)]
    [InlineData("fd00::1", true)]
    [InlineData("::ffff:10.0.0.1", true)]
    [InlineData("2001:4860:4860::8888", false)]
    public void AddressPolicy_RefusesInternalAddresses(string address, bool isInternal) =>
        Assert.Equal(isInternal, WebhookAddressPolicy.IsInternal(IPAddress.Parse(address)));

    [Fact]
    public void RetryDelay_DoublesUpToTheCap()
    {
        var options = new WebhookOptions { InitialRetryDelay = TimeSpan.FromSeconds(10), MaxRetryDelay = TimeSpan.FromSeconds(60) };

        Assert.Equal([10, 20, 40, 60, 60], new[] { 1, 2, 3, 4, 30 }.Select(a => options.RetryDelay(a).TotalSeconds));
    }

    [Fact]
    public void LocalDays_FollowDaylightSavingTime()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

        var starts = LocalDays.Starts(new DateOnly(2026, 3, 9), 2, zone);

        Assert.Equal(
            [DateTimeOffset.Parse("2026-03-08T05:00:00Z", System.Globalization.CultureInfo.InvariantCulture), DateTimeOffset.Parse("2026-03-09T04:00:00Z", System.Globalization.CultureInfo.InvariantCulture), DateTimeOffset.Parse("2026-03-10T04:00:00Z", System.Globalization.CultureInfo.InvariantCulture)],
            starts);
        Assert.Equal(new DateOnly(2026, 3, 8), LocalDays.DateAt(DateTimeOffset.Parse("2026-03-09T03:59:00Z", System.Globalization.CultureInfo.InvariantCulture), zone));
    }
}
