using System.Net;
using KefuHub.Server.Storage;
using KefuHub.Tests.Api;

namespace KefuHub.Tests.Widget;

/// <summary>
/// CONTRACT.md "Browsers on the business's own site": preflights of the widget's calls answered for
/// the tenant's allowedOrigins (any origin when empty), never with credentials.
/// </summary>
public sealed class VisitorCorsTests : AdminApiTestBase
{
    private const string Shop = "https://shop.example.com";
    private const string Elsewhere = "https://evil.example.net";

    public static TheoryData<string, string> WidgetCalls => new()
    {
        { "/api/tenants/1/visitors", "content-type" },
        { "/api/tenants/1/files", "authorization" },
        { "/api/tenants/1/widget", "x-requested-with" },
        { "/hubs/visitor/negotiate?negotiateVersion=1&tenantId=1", "authorization,x-requested-with,x-signalr-user-agent" },
        { "/hubs/visitor/negotiate?negotiateVersion=1", "authorization,x-signalr-user-agent" },
    };

    [Theory]
    [MemberData(nameof(WidgetCalls))]
    public async Task Preflight_EmptyAllowList_AllowsAnyOriginWithoutCredentials(string path, string headers)
    {
        using var response = await PreflightAsync(path, Elsewhere, headers);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("*", Header(response, "Access-Control-Allow-Origin"));
        Assert.Contains(path.EndsWith("/widget", StringComparison.Ordinal) ? "GET" : "POST", Header(response, "Access-Control-Allow-Methods"));
        foreach (var header in headers.Split(','))
        {
            Assert.Contains(header, Header(response, "Access-Control-Allow-Headers"), StringComparison.OrdinalIgnoreCase);
        }

        Assert.False(response.Headers.Contains("Access-Control-Allow-Credentials"));
    }

    [Theory]
    [InlineData("/api/tenants/1/visitors")]
    [InlineData("/api/tenants/1/files")]
    [InlineData("/hubs/visitor/negotiate?negotiateVersion=1&tenantId=1")]
    public async Task Preflight_AllowList_AnswersListedOriginsOnly(string path)
    {
        await Server.ConfigureAsync(TenantSettings.Default with { AllowedOrigins = [Shop] }, cancellationToken: Ct);

        using var listed = await PreflightAsync(path, Shop, "content-type");
        using var other = await PreflightAsync(path, Elsewhere, "content-type");

        Assert.Equal(Shop, Header(listed, "Access-Control-Allow-Origin"));
        Assert.False(listed.Headers.Contains("Access-Control-Allow-Credentials"));
        Assert.False(other.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task SignUpAndNegotiate_FromAListedOrigin_CarryTheAllowOriginHeader()
    {
        await Server.ConfigureAsync(TenantSettings.Default with { AllowedOrigins = [Shop] }, cancellationToken: Ct);

        using var signUp = new HttpRequestMessage(HttpMethod.Post, "/api/tenants/1/visitors") { Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json") };
        signUp.Headers.Add("Origin", Shop);
        using var signedUp = await Server.Http.SendAsync(signUp, Ct);
        Assert.Equal(HttpStatusCode.OK, signedUp.StatusCode);
        Assert.Equal(Shop, Header(signedUp, "Access-Control-Allow-Origin"));

        var visitor = await Server.CreateVisitorAsync(cancellationToken: Ct);
        // Without the tenantId query, the token says which tenant's list applies.
        using var negotiate = new HttpRequestMessage(HttpMethod.Post, "/hubs/visitor/negotiate?negotiateVersion=1");
        negotiate.Headers.Add("Origin", Shop);
        negotiate.Headers.Authorization = new("Bearer", visitor.Token);
        using var negotiated = await Server.Http.SendAsync(negotiate, Ct);
        Assert.Equal(HttpStatusCode.OK, negotiated.StatusCode);
        Assert.Equal(Shop, Header(negotiated, "Access-Control-Allow-Origin"));

        using var refused = new HttpRequestMessage(HttpMethod.Post, "/hubs/visitor/negotiate?negotiateVersion=1");
        refused.Headers.Add("Origin", Elsewhere);
        refused.Headers.Authorization = new("Bearer", visitor.Token);
        using var refusedResponse = await Server.Http.SendAsync(refused, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, refusedResponse.StatusCode);
        Assert.False(refusedResponse.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Preflight_UnknownTenant_GetsNoCors()
    {
        using var response = await PreflightAsync("/api/tenants/77/visitors", Shop, "content-type");

        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task AdminCalls_AreNotOpenedToBrowsers()
    {
        using var response = await PreflightAsync("/api/tenants/1/settings", Shop, "kefu-token");

        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    private async Task<HttpResponseMessage> PreflightAsync(string path, string origin, string headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", path.EndsWith("/widget", StringComparison.Ordinal) ? "GET" : "POST");
        request.Headers.Add("Access-Control-Request-Headers", headers);
        return await Server.Http.SendAsync(request, Ct);
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : "";
}
