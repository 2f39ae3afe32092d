using System.Net;

namespace KefuHub.Tests.Api;

/// <summary>Without a configured proxy, anyone could send <c>X-Forwarded-For</c>: it must not buy a fresh limit.</summary>
public sealed class UntrustedForwardedHeadersTests : ApiTestBase
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Kefu:Api:VisitorSignUpsPerMinute"] = "2",
    };

    [Fact]
    public async Task SignUpLimit_IgnoresForwardedAddresses()
    {
        Assert.Equal(HttpStatusCode.OK, await ForwardedHeadersTests.SignUpFromAsync(Server.Http, "203.0.113.1"));
        Assert.Equal(HttpStatusCode.OK, await ForwardedHeadersTests.SignUpFromAsync(Server.Http, "203.0.113.2"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await ForwardedHeadersTests.SignUpFromAsync(Server.Http, "203.0.113.3"));
    }
}
