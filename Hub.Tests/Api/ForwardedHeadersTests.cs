using System.Net;

namespace KefuHub.Tests.Api;

/// <summary>Behind a configured proxy, per-address limits count the client's forwarded address.</summary>
public sealed class ForwardedHeadersTests : ApiTestBase
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Kefu:Api:VisitorSignUpsPerMinute"] = "2",
        ["Kefu:Proxies:KnownProxies:0"] = "127.0.0.1",
    };

    [Fact]
    public async Task SignUpLimit_CountsEachForwardedClient_NotTheProxy()
    {
        Assert.Equal(HttpStatusCode.OK, await SignUpFromAsync(Server.Http, "203.0.113.1"));
        Assert.Equal(HttpStatusCode.OK, await SignUpFromAsync(Server.Http, "203.0.113.1"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await SignUpFromAsync(Server.Http, "203.0.113.1"));

        Assert.Equal(HttpStatusCode.OK, await SignUpFromAsync(Server.Http, "203.0.113.2"));
    }

    /// <summary>A visitor sign-up as sent by a proxy for the client at <paramref name="client"/>.</summary>
    internal static async Task<HttpStatusCode> SignUpFromAsync(HttpClient http, string client)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/tenants/1/visitors") { Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Forwarded-For", client);
        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        return response.StatusCode;
    }
}
