using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace KefuHub.Tests.Api;

/// <summary>The REST surface as an attacker calls it: oversized bodies, floods, odd bodies and parameters, login timing.</summary>
public sealed class ApiHardeningTests : ApiTestBase
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Kefu:Api:VisitorSignUpsPerMinute"] = "20",
    };

    [Theory]
    [InlineData("/api/tenants/1/visitors", null)]
    [InlineData("/api/tenants/1/agents/token", null)]
    [InlineData("/api/tenant/1/accessToken", null)]
    [InlineData("/api/tenants/1/settings", "PUT")]
    [InlineData("/api/tenants/1/agent", null)]
    public async Task OversizedBody_IsRefusedWith413AndTheErrorBody_BeforeItIsRead(string path, string? method)
    {
        var token = await ApiTokenAsync();
        var big = "{\"nickname\":\"" + new string('a', 2 * 1024 * 1024) + "\"}";

        // With 100-continue the refusal must come before the client sends the body: proof that the server
        // decided from the length alone, and no race with a server that closes while the client still writes.
        var answer = await SendAsync(method is null ? HttpMethod.Post : new HttpMethod(method), path, token, big, expectContinue: true);

        Assert.Contains("body", answer.AssertError("API_413", HttpStatusCode.RequestEntityTooLarge), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OversizedChunkedBody_WithoutALength_IsRefusedWith413AndTheErrorBody()
    {
        var content = new ChunkedContent(Encoding.UTF8.GetBytes("{\"nickname\":\"" + new string('a', 1024 * 1024) + "\"}"));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/tenants/1/visitors") { Content = content };
        using var response = await Server.Http.SendAsync(request, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("\"errorCode\":\"API_413\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TooManyRequests_SaysWhenToRetry()
    {
        ApiAnswer? refused = null;
        HttpResponseMessage? last = null;
        for (var i = 0; i < 25 && refused is null; i++)
        {
            last?.Dispose();
            last = await Server.Http.PostAsync("/api/tenants/1/visitors", new StringContent("{}", Encoding.UTF8, "application/json"), Ct);
            if (last.StatusCode == HttpStatusCode.TooManyRequests)
            {
                refused = new ApiAnswer(last.StatusCode, JsonDocument.Parse(await last.Content.ReadAsStringAsync(Ct)).RootElement.Clone(), "");
            }
        }

        Assert.NotNull(refused);
        refused.AssertError("API_429", HttpStatusCode.TooManyRequests);
        var retryAfter = last!.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
        last.Dispose();
    }

    [Fact]
    public async Task SignUp_WithAJsonNullBody_IsRefused_AnEmptyObjectOrNoBodyIsFine()
    {
        (await SendAsync(HttpMethod.Post, "/api/tenants/1/visitors", null, "null")).AssertError("API_001", HttpStatusCode.BadRequest);
        (await SendAsync(HttpMethod.Post, "/api/tenants/1/visitors", null, "[]")).AssertError("API_001", HttpStatusCode.BadRequest);
        (await SendAsync(HttpMethod.Post, "/api/tenants/1/visitors", null, "{}")).AssertOk();
        (await SendAsync(HttpMethod.Post, "/api/tenants/1/visitors", null)).AssertOk();
    }

    [Fact]
    public async Task AgentSearch_AtTheLargestPage_IsTheLastPage()
    {
        var token = await ApiTokenAsync();

        var answer = (await GetAsync($"/api/tenants/1/agents?page={int.MaxValue}&size=10", token)).AssertOk();

        Assert.True(answer.Body.GetProperty("last").GetBoolean(), answer.Text);
        Assert.Empty(answer.Entities.EnumerateArray());
    }

    [Theory]
    [InlineData("https://user:pass@shop.example")]
    [InlineData("https://user@shop.example")]
    [InlineData("https://shop.example#top")]
    [InlineData("https://shop.example/#")]
    [InlineData("https://shop.example/shop")]
    [InlineData("https://shop.example?x=1")]
    [InlineData("ftp://shop.example")]
    [InlineData("https://shop.example/ ")]
    [InlineData(" https://shop.example")]
    public async Task AllowedOrigins_ThatCanNeverMatchAnOriginHeader_AreRefused(string origin)
    {
        var token = await ApiTokenAsync();
        var answer = await SendAsync(HttpMethod.Put, "/api/tenants/1/settings", token, JsonSerializer.Serialize(new { allowedOrigins = new[] { origin } }));

        answer.AssertError("API_001", HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task AllowedOrigins_OfSchemeHostAndPort_AreKept()
    {
        var token = await ApiTokenAsync();
        (await SendAsync(HttpMethod.Put, "/api/tenants/1/settings", token, JsonSerializer.Serialize(new { allowedOrigins = new[] { "https://shop.example", "http://localhost:5173/" } }))).AssertOk();

        var settings = (await GetAsync("/api/tenants/1/settings", token)).AssertOk().Entity;

        Assert.Equal(["https://shop.example", "http://localhost:5173"], settings.GetProperty("allowedOrigins").EnumerateArray().Select(o => o.GetString()));
    }

    [Fact]
    public async Task PageIndexErrors_UseTheDocumentsText()
    {
        var token = await ApiTokenAsync();

        Assert.Equal("page index must be more than 0.", (await GetAsync("/api/tenants/1/agents?page=-1&size=10", token)).AssertError("API_111", HttpStatusCode.BadRequest));
        Assert.Equal("page index must be more than 0.", (await GetAsync("/api/tenants/1/serviceSessionHistorys?page=0", token)).AssertError("API_111", HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task UpdateAgent_WithAPassword_SetsIt_AnEmptyOneKeepsIt_AShortOneIsRefused()
    {
        var token = await ApiTokenAsync();
        await CreateAgentAsync(token, "carol@test", password: "first-pass-1");

        (await SendAsync(HttpMethod.Put, "/api/tenants/1/agent", token, JsonSerializer.Serialize(new { username = "carol@test", nicename = "Carol", password = "" }))).AssertOk();
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync("carol@test", "first-pass-1")).StatusCode);
        (await SendAsync(HttpMethod.Put, "/api/tenants/1/agent", token, JsonSerializer.Serialize(new { username = "carol@test", password = "short" }))).AssertError("API_108", HttpStatusCode.BadRequest);
        (await SendAsync(HttpMethod.Put, "/api/tenants/1/agent", token, JsonSerializer.Serialize(new { username = "carol@test", password = "second-pass-2" }))).AssertOk();

        Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync("carol@test", "first-pass-1")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync("carol@test", "second-pass-2")).StatusCode);
    }

    [Fact]
    public async Task AgentLogin_UnknownUserCostsAboutAsMuchAsAWrongPassword()
    {
        await Server.CreateAgentAsync("alice@test", cancellationToken: Ct);
        await LoginAsync("alice@test", "warm-up-1");
        await LoginAsync("nobody@test", "warm-up-1");

        var known = new List<double>();
        var unknown = new List<double>();
        for (var i = 0; i < 7; i++)
        {
            known.Add(await TimeLoginAsync("alice@test"));
            unknown.Add(await TimeLoginAsync($"nobody{i}@test"));
        }

        var knownMedian = known.Order().ElementAt(3);
        var unknownMedian = unknown.Order().ElementAt(3);
        Assert.True(unknownMedian >= knownMedian * 0.5, $"unknown user {unknownMedian:F1} ms, wrong password {knownMedian:F1} ms");
    }

    private async Task<double> TimeLoginAsync(string username)
    {
        var watch = Stopwatch.StartNew();
        using var response = await LoginAsync(username, "wrong-password");
        watch.Stop();
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        return watch.Elapsed.TotalMilliseconds;
    }

    /// <summary>A body sent in chunks, without Content-Length, as a streaming client sends it.</summary>
    private sealed class ChunkedContent(byte[] bytes) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            for (var offset = 0; offset < bytes.Length; offset += 16 * 1024)
            {
                await stream.WriteAsync(bytes.AsMemory(offset, Math.Min(16 * 1024, bytes.Length - offset)));
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
