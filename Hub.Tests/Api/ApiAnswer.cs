using System.Net;
using System.Text.Json;

namespace KefuHub.Tests.Api;

/// <summary>An HTTP answer of the REST API: its status and its JSON body.</summary>
public sealed record ApiAnswer(HttpStatusCode Status, JsonElement Body, string Text)
{
    public JsonElement Entity => Body.GetProperty("entity");

    public JsonElement Entities => Body.GetProperty("entities");

    public ApiAnswer AssertOk()
    {
        Assert.True(Status == HttpStatusCode.OK, $"Expected 200, got {(int)Status}: {Text}");
        Assert.Equal("OK", Body.GetProperty("status").GetString());
        return this;
    }

    /// <summary>Asserts Easemob's error body with this code and HTTP status; returns its description.</summary>
    public string AssertError(string errorCode, HttpStatusCode status)
    {
        Assert.True(Status == status, $"Expected {(int)status} {errorCode}, got {(int)Status}: {Text}");
        Assert.Equal("FAIL", Body.GetProperty("status").GetString());
        Assert.Equal(errorCode, Body.GetProperty("errorCode").GetString());
        return Body.GetProperty("errorDescription").GetString()!;
    }
}
