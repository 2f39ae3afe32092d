using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using KefuHub.Server.Storage;
using Microsoft.Extensions.Options;

namespace KefuHub.Server.Webhooks;

/// <summary>POSTs one event to its tenant's webhook; a typed client of <see cref="IHttpClientFactory"/>.</summary>
internal sealed class WebhookClient(HttpClient http)
{
    public const string EventIdHeader = "X-Kefu-Event-Id";
    public const string EventTypeHeader = "X-Kefu-Event";
    public const string AttemptHeader = "X-Kefu-Delivery-Attempt";

    /// <summary>Null when the receiver answered 2xx; otherwise what went wrong. Throws only when <paramref name="cancellationToken"/> is cancelled.</summary>
    public async Task<string?> SendAsync(WebhookDelivery delivery, CancellationToken cancellationToken)
    {
        var body = Encoding.UTF8.GetBytes(delivery.Payload);
        using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add(WebhookSignature.HeaderName, WebhookSignature.Compute(delivery.Secret, body));
        request.Headers.Add(EventIdHeader, delivery.EventId);
        request.Headers.Add(EventTypeHeader, delivery.EventType);
        request.Headers.Add(AttemptHeader, delivery.Attempt.ToString(CultureInfo.InvariantCulture));
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            return response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode}";
        }
        catch (HttpRequestException exception)
        {
            return exception.Message;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"no answer within {http.Timeout.TotalSeconds} s";
        }
    }

    /// <summary>The primary handler: no redirects (a 3xx is a failure) and, unless allowed, no internal addresses.</summary>
    public static SocketsHttpHandler CreateHandler(IOptions<WebhookOptions> options)
    {
        var allowPrivate = options.Value.AllowPrivateNetworks;
        return new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectCallback = async (context, cancellationToken) =>
            {
                var host = context.DnsEndPoint.Host;
                var addresses = await System.Net.Dns.GetHostAddressesAsync(host, cancellationToken);
                var hostAddresses = allowPrivate ? [] : WebhookAddressPolicy.HostAddresses();
                var allowed = allowPrivate ? addresses : addresses.Where(a => !WebhookAddressPolicy.IsBlocked(a, hostAddresses)).ToArray();
                if (allowed.Length == 0)
                {
                    throw new HttpRequestException(
                        $"'{host}' resolves to no address a webhook may reach (internal addresses need {WebhookOptions.SectionName}:{nameof(WebhookOptions.AllowPrivateNetworks)}).");
                }

                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
    }
}
