using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using KefuHub.Tests.Api;

namespace KefuHub.Tests.Widget;

/// <summary>Uploads and downloads (CONTRACT.md "Files") and the widget's settings, on SQLite; <see cref="PostgresWidgetApiTests"/> on PostgreSQL.</summary>
public class WidgetApiTests : AdminApiTestBase
{
    private const int MaxBytes = 64 * 1024;

    // The smallest valid images of each kind the hub shows inline.
    private static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0xFF, 0xD9];
    private static readonly byte[] Gif = Encoding.ASCII.GetBytes("GIF89a\x01\0\x01\0\0\0\0;");
    private static readonly byte[] Webp = [.. "RIFF"u8, 26, 0, 0, 0, .. "WEBPVP8L"u8, 13, 0, 0, 0, 0x2f, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings) { ["Kefu:Files:MaxBytes"] = MaxBytes.ToString(System.Globalization.CultureInfo.InvariantCulture) };

    public static TheoryData<string, string> Images => new() { { "png", "image/png" }, { "jpeg", "image/jpeg" }, { "gif", "image/gif" }, { "webp", "image/webp" } };

    [Theory]
    [MemberData(nameof(Images))]
    public async Task Upload_Image_TypeFromTheBytes_ServedInlineWithNosniff(string kind, string contentType)
    {
        var visitor = await Server.CreateVisitorAsync(cancellationToken: Ct);
        var bytes = kind switch { "png" => Png, "jpeg" => Jpeg, "gif" => Gif, _ => Webp };

        var entity = (await UploadAsync(visitor.Token, bytes, "photo.bin", "text/plain")).Ok().Entity;

        Assert.Equal(contentType, entity.GetProperty("contentType").GetString());
        Assert.Equal(bytes.Length, entity.GetProperty("size").GetInt64());
        Assert.Equal("photo.bin", entity.GetProperty("name").GetString());
        var url = entity.GetProperty("url").GetString()!;
        Assert.Matches("^/api/tenants/1/files/[A-Za-z0-9_-]{22}$", url);
        Assert.EndsWith(entity.GetProperty("fileId").GetString()!, url, StringComparison.Ordinal);

        using var download = await Server.Http.GetAsync(url, Ct);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(contentType, download.Content.Headers.ContentType?.MediaType);
        Assert.Equal(bytes, await download.Content.ReadAsByteArrayAsync(Ct));
        Assert.Equal("nosniff", string.Join(",", download.Headers.GetValues("X-Content-Type-Options")));
        Assert.Contains("default-src 'none'", string.Join(",", download.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
        Assert.Equal("inline", download.Content.Headers.ContentDisposition?.DispositionType);
    }

    [Fact]
    public async Task Upload_ScriptRenamedPng_IsAnOctetStreamAttachment()
    {
        var visitor = await Server.CreateVisitorAsync(cancellationToken: Ct);
        var script = "<script>alert(document.cookie)</script>"u8.ToArray();

        var entity = (await UploadAsync(visitor.Token, script, "cat.png", "image/png")).Ok().Entity;

        Assert.Equal("application/octet-stream", entity.GetProperty("contentType").GetString());
        await AssertAttachmentAsync(entity.GetProperty("url").GetString()!, script, "cat.png");
    }

    [Fact]
    public async Task Upload_Svg_IsAnOctetStreamAttachment()
    {
        var agent = await Server.CreateAgentAsync("alice@test", cancellationToken: Ct);
        var svg = """<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>"""u8.ToArray();

        var entity = (await UploadAsync(agent.Token, svg, "logo.svg", "image/svg+xml")).Ok().Entity;

        Assert.Equal("application/octet-stream", entity.GetProperty("contentType").GetString());
        await AssertAttachmentAsync(entity.GetProperty("url").GetString()!, svg, "logo.svg");
    }

    [Fact]
    public async Task Upload_TooBig_Is413WithTheErrorBody_AndNothingIsStored()
    {
        var visitor = await Server.CreateVisitorAsync(cancellationToken: Ct);

        var declared = await UploadAsync(visitor.Token, new byte[MaxBytes + 1], "big.bin", "application/octet-stream");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, declared.Status);
        Assert.Equal("API_413", declared.ErrorCode);
        Assert.Equal("FAIL", declared.Body.GetProperty("status").GetString());

        // Chunked: no Content-Length to refuse up front, so the limit stops the stream itself.
        var chunked = await UploadAsync(visitor.Token, new byte[MaxBytes * 4], "big.bin", "application/octet-stream", chunked: true);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, chunked.Status);
        Assert.Equal("API_413", chunked.ErrorCode);

        (await UploadAsync(visitor.Token, new byte[MaxBytes], "exact.bin", "application/octet-stream")).Ok();
    }

    [Fact]
    public async Task Upload_Empty_IsRefused()
    {
        var visitor = await Server.CreateVisitorAsync(cancellationToken: Ct);

        (await UploadAsync(visitor.Token, [], "empty.png", "image/png")).Fails(HttpStatusCode.BadRequest, "API_001");
    }

    [Fact]
    public async Task Upload_NoFileField_OrNotMultipart_IsRefused()
    {
        var visitor = await Server.CreateVisitorAsync(cancellationToken: Ct);
        using var form = new MultipartFormDataContent { { new ByteArrayContent(Png), "picture", "a.png" } };
        (await SendAsync(visitor.Token, form)).Fails(HttpStatusCode.BadRequest, "API_001");
        (await SendAsync(visitor.Token, new ByteArrayContent(Png))).Fails(HttpStatusCode.BadRequest, "API_001");
    }

    [Fact]
    public async Task Upload_WrongOrNoToken_Is401()
    {
        (await UploadAsync("not-a-token", Png, "a.png", "image/png")).Fails(HttpStatusCode.Unauthorized, "API_002");
        (await UploadAsync("", Png, "a.png", "image/png")).Fails(HttpStatusCode.Unauthorized, "API_002");
    }

    [Fact]
    public async Task Files_AreTenantScoped()
    {
        var other = await OtherTenantTokenAsync();
        // Tenant 2's token on tenant 1's upload: refused.
        (await UploadAsync(other, Png, "a.png", "image/png")).Fails(HttpStatusCode.Forbidden, "API_003");

        // Tenant 1's file under tenant 2's path: not found.
        var visitor = await Server.CreateVisitorAsync(cancellationToken: Ct);
        var url = (await UploadAsync(visitor.Token, Png, "a.png", "image/png")).Ok().Entity.GetProperty("url").GetString()!;
        using var crossTenant = await Server.Http.GetAsync(url.Replace("/tenants/1/", $"/tenants/{OtherTenantId}/", StringComparison.Ordinal), Ct);
        Assert.Equal(HttpStatusCode.NotFound, crossTenant.StatusCode);

        // A guessed id: not found either.
        using var guessed = await Server.Http.GetAsync("/api/tenants/1/files/AAAAAAAAAAAAAAAAAAAAAA", Ct);
        Assert.Equal(HttpStatusCode.NotFound, guessed.StatusCode);
    }

    [Fact]
    public async Task Upload_FileNameWithPathAndControlCharacters_IsCleaned()
    {
        var visitor = await Server.CreateVisitorAsync(cancellationToken: Ct);
        using var form = new MultipartFormDataContent();
        var part = new ByteArrayContent("hello"u8.ToArray());
        part.Headers.ContentDisposition = new ContentDispositionHeaderValue("form-data") { Name = "\"file\"", FileNameStar = "../../etc/pa\u202Esswd\u0007.txt" };
        form.Add(part);

        var entity = (await SendAsync(visitor.Token, form)).Ok().Entity;

        Assert.Equal("passwd.txt", entity.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Upload_ToADirectory_KeepsTheBytesThere()
    {
        await using var server = Infrastructure.KefuTestServer.Start(new Dictionary<string, string?>(StartSettings) { ["Kefu:Files:Directory"] = Path.Combine(Server.DataDirectory, "files") });
        using var response = await server.Http.PostAsync("/api/tenants/1/visitors", new StringContent("{}", Encoding.UTF8, "application/json"), Ct);
        var token = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("entity").GetProperty("token").GetString()!;
        using var form = new MultipartFormDataContent { { new ByteArrayContent(Png), "file", "a.png" } };
        using var upload = new HttpRequestMessage(HttpMethod.Post, "/api/tenants/1/files") { Content = form };
        upload.Headers.Authorization = new("Bearer", token);
        using var uploaded = await server.Http.SendAsync(upload, Ct);
        var fileId = JsonDocument.Parse(await uploaded.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("entity").GetProperty("fileId").GetString()!;

        Assert.Equal(Png, await File.ReadAllBytesAsync(Path.Combine(Server.DataDirectory, "files", "1", fileId), Ct));
        Assert.Equal(Png, await server.Http.GetByteArrayAsync($"/api/tenants/1/files/{fileId}", Ct));
    }

    [Fact]
    public async Task Settings_WidgetFields_RoundTrip_AndThePublicWidgetCallShowsOnlyThem()
    {
        var put = (await PutAsync(T("/settings"), new
        {
            welcomeMessage = "Hi! 有什么可以帮您？",
            enterpriseName = "Acme 商城",
            logoUrl = "https://cdn.example.com/logo.png",
            themeColor = "#0f766e",
            showAgentNickname = false,
            allowedOrigins = Array.Empty<string>(),
        })).Ok().Entity;
        Assert.Equal("Acme 商城", put.GetProperty("enterpriseName").GetString());

        var stored = (await GetAsync(T("/settings"))).Ok().Entity;
        Assert.Equal(("Acme 商城", "https://cdn.example.com/logo.png", "#0f766e", false),
            (stored.GetProperty("enterpriseName").GetString(), stored.GetProperty("logoUrl").GetString(), stored.GetProperty("themeColor").GetString(), stored.GetProperty("showAgentNickname").GetBoolean()));

        // No token: what a visitor may see, nothing else.
        var widget = (await GetAsync(T("/widget"), token: "")).Ok().Entity;
        Assert.Equal(
            ["enterpriseName", "logoUrl", "openNow", "showAgentNickname", "themeColor", "welcomeMessage"],
            widget.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal("Hi! 有什么可以帮您？", widget.GetProperty("welcomeMessage").GetString());
        Assert.False(widget.GetProperty("showAgentNickname").GetBoolean());
        Assert.True(widget.GetProperty("openNow").GetBoolean());

        (await PutAsync(T("/settings"), new { themeColor = "red; background:url(x)" })).Fails(HttpStatusCode.BadRequest, "API_001");
        (await PutAsync(T("/settings"), new { logoUrl = "javascript:alert(1)" })).Fails(HttpStatusCode.BadRequest, "API_001");
        (await PutAsync(T("/settings"), new { enterpriseName = new string('n', 101) })).Fails(HttpStatusCode.BadRequest, "API_001");
        (await GetAsync("/api/tenants/77/widget", token: "")).Fails(HttpStatusCode.Forbidden, "API_003");
    }

    [Fact]
    public async Task Widget_OpenNow_FollowsTheTimePlan()
    {
        var today = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        (await PutAsync(T("/timeplan"), new { timeZone = "UTC", worktimes = Enumerable.Range(0, 7).Select(d => new { weekday = d, start = "00:00", end = "23:59" }), holidays = new[] { new { date = today, note = "closed" } } })).Ok();

        Assert.False((await GetAsync(T("/widget"), token: "")).Ok().Entity.GetProperty("openNow").GetBoolean());
    }

    [Fact]
    public async Task WidgetScript_IsServedWithCachingAndNoCorsNeeded()
    {
        using var response = await Server.Http.GetAsync("/widget.js", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(response.Content.Headers.ContentType?.MediaType, new[] { "text/javascript", "application/javascript" });
        Assert.Contains("max-age=", response.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        Assert.NotNull(response.Headers.ETag);
        Assert.Equal("cross-origin", string.Join(",", response.Headers.GetValues("Cross-Origin-Resource-Policy")));
        Assert.Contains("kefu-widget", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    private async Task AssertAttachmentAsync(string url, byte[] bytes, string name)
    {
        using var download = await Server.Http.GetAsync(url, Ct);
        Assert.Equal("application/octet-stream", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Contains(name, download.Content.Headers.ContentDisposition?.ToString(), StringComparison.Ordinal);
        Assert.Equal("nosniff", string.Join(",", download.Headers.GetValues("X-Content-Type-Options")));
        Assert.Contains("sandbox", string.Join(",", download.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
        Assert.Equal(bytes, await download.Content.ReadAsByteArrayAsync(Ct));
    }

    private async Task<ApiResult> UploadAsync(string token, byte[] bytes, string name, string contentType, bool chunked = false)
    {
        using var form = new MultipartFormDataContent();
        HttpContent part = chunked ? new StreamContent(new MemoryStream(bytes)) : new ByteArrayContent(bytes);
        part.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        form.Add(part, "file", name);
        if (chunked)
        {
            // StreamContent of unknown length makes HttpClient send chunked.
            using var wrapped = new StreamContent(await form.ReadAsStreamAsync(Ct));
            wrapped.Headers.ContentType = form.Headers.ContentType;
            return await SendAsync(token, wrapped, chunked: true);
        }

        return await SendAsync(token, form);
    }

    private async Task<ApiResult> SendAsync(string token, HttpContent content, bool chunked = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/tenants/1/files") { Content = content };
        if (token.Length > 0)
        {
            request.Headers.Authorization = new("Bearer", token);
        }

        if (chunked)
        {
            request.Headers.TransferEncodingChunked = true;
        }

        using var response = await Server.Http.SendAsync(request, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        return new ApiResult(response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }
}
