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
    [InlineData("198.18.0.1", true)]
    [InlineData("198.19.255.254", true)]
    [InlineData("198.20.0.1", false)]
    [InlineData("192.0.2.10", true)]
    [InlineData("198.51.100.7", true)]
    [InlineData("203.0.113.9", true)]
    [InlineData("240.0.0.1", true)]
    [InlineData("255.255.255.255", true)]
    [InlineData("64:ff9b::a00:1", true)]
    [InlineData("64:ff9b::808:808", true)]
    [InlineData("64:ff9b:1::a00:1", true)]
    [InlineData("2002:a00:1::1", true)]
    [InlineData("2002:808:808::1", true)]
    [InlineData("2001:0:4136:e378:8000:63bf:3fff:fdd2", true)]
    [InlineData("2001:db8::1", true)]
    [InlineData("::a00:1", true)]
    [InlineData("::", true)]
    [InlineData("100::1", true)]
    [InlineData("2606:4700:4700::1111", false)]
    public void AddressPolicy_RefusesInternalAddresses(string address, bool isInternal) =>
        Assert.Equal(isInternal, WebhookAddressPolicy.IsInternal(IPAddress.Parse(address)));

    [Fact]
    public void AddressPolicy_RefusesThisHostsOwnAddresses_EvenPublicOnes()
    {
        IPAddress[] host = [IPAddress.Parse("8.8.4.4"), IPAddress.Parse("2606:4700::6810:1")];

        Assert.True(WebhookAddressPolicy.IsBlocked(IPAddress.Parse("8.8.4.4"), host));
        Assert.True(WebhookAddressPolicy.IsBlocked(IPAddress.Parse("::ffff:8.8.4.4"), host));
        Assert.True(WebhookAddressPolicy.IsBlocked(IPAddress.Parse("2606:4700::6810:1"), host));
        Assert.False(WebhookAddressPolicy.IsBlocked(IPAddress.Parse("8.8.8.8"), host));
        Assert.All(WebhookAddressPolicy.HostAddresses(), a => Assert.True(WebhookAddressPolicy.IsBlocked(a, WebhookAddressPolicy.HostAddresses())));
    }

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
