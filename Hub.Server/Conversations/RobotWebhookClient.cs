using System.Net.Http.Headers;
using System.Text.Json;
using KefuHub.Server.Storage;
using KefuHub.Server.Webhooks;

namespace KefuHub.Server.Conversations;

/// <summary>
/// Asks a tenant's robot webhook for an answer (a named client with the webhooks' handler: the same address policy
/// and no redirects; a short timeout and a bounded answer). Any failure is no answer: the robot falls back.
/// </summary>
public sealed partial class RobotWebhookClient(IHttpClientFactory clients, ILogger<RobotWebhookClient> logger)
{
    public const string HttpClientName = "robot-webhook";
    public const int MaxAnswerBytes = 64 * 1024;
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    public async Task<RobotWebhookAnswer?> AskAsync(int tenantId, RobotSettings robot, RobotWebhookQuestion question, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(robot);
        var body = JsonSerializer.SerializeToUtf8Bytes(question, Web);
        using var request = new HttpRequestMessage(HttpMethod.Post, robot.WebhookUrl) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        if (robot.WebhookSecret is { } secret)
        {
            request.Headers.Add(WebhookSignature.HeaderName, WebhookSignature.Compute(secret, body));
        }

        try
        {
            using var http = clients.CreateClient(HttpClientName);
            using var response = await http.SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                LogFailed(logger, tenantId, $"HTTP {(int)response.StatusCode}");
                return null;
            }

            return JsonSerializer.Deserialize<RobotWebhookAnswer>(await response.Content.ReadAsByteArrayAsync(cancellationToken), Web);
        }
        catch (Exception exception) when (exception is HttpRequestException or JsonException || (exception is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            LogFailed(logger, tenantId, exception.GetType().Name);
            return null;
        }
    }

    [LoggerMessage(3401, LogLevel.Information, "Tenant {TenantId}: the robot webhook gave no answer ({Reason}); the robot falls back")]
    private static partial void LogFailed(ILogger logger, int tenantId, string reason);
}
