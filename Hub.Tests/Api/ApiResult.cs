using System.Net;
using System.Text.Json;

namespace KefuHub.Tests.Api;

/// <summary>A REST answer: its status and JSON body (default when empty).</summary>
public sealed record ApiResult(HttpStatusCode Status, JsonElement Body)
{
    public JsonElement Entity => Body.GetProperty("entity");

    public JsonElement.ArrayEnumerator Entities => Body.GetProperty("entities").EnumerateArray();

    public string? ErrorCode => Body.ValueKind == JsonValueKind.Object && Body.TryGetProperty("errorCode", out var code) ? code.GetString() : null;

    /// <summary>Fails with the body when the status is not 200 OK.</summary>
    public ApiResult Ok()
    {
        Assert.True(Status == HttpStatusCode.OK, $"Expected 200, got {(int)Status}: {Body}");
        return this;
    }

    /// <summary>Fails unless the answer is this error.</summary>
    public void Fails(HttpStatusCode status, string errorCode)
    {
        Assert.True(Status == status && ErrorCode == errorCode, $"Expected {(int)status} {errorCode}, got {(int)Status}: {Body}");
    }
}
