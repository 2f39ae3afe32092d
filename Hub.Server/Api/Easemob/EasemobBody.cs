using System.Text.Json;

namespace KefuHub.Server.Api.Easemob;

/// <summary>
/// Reads the JSON body of an Easemob call; a missing or malformed body is API_001 with the reason,
/// not ASP.NET's empty 400. Numbers may come as strings (<c>"maxServiceSessionCount":"10"</c> in the doc).
/// </summary>
internal static class EasemobBody
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static async ValueTask<(T? Body, IResult? Error)> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            var body = await JsonSerializer.DeserializeAsync<T>(request.Body, Options, cancellationToken);
            return body is null
                ? (null, ApiError.InvalidParameter.WithDescription("the request body must be a JSON object.").ToResult())
                : (body, null);
        }
        catch (JsonException exception)
        {
            var where = exception.Path is { Length: > 1 } path ? $" at {path}" : "";
            return (null, ApiError.InvalidParameter.WithDescription($"the request body is not valid JSON for this call{where}.").ToResult());
        }
    }
}
