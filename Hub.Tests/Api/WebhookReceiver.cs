using System.Text.Json;
using System.Threading.Channels;
using KefuHub.Server.Webhooks;
using Microsoft.AspNetCore.Http;

namespace KefuHub.Tests.Api;

/// <summary>
/// The receiving end of a webhook, as a tenant would write it: checks the signature, de-duplicates by
/// event id, and answers 500 while <see cref="Failing"/> is set.
/// </summary>
public sealed class WebhookReceiver(string secret)
{
    private readonly Lock _gate = new();
    private readonly List<JsonElement> _accepted = [];
    private readonly Channel<int> _changed = Channel.CreateUnbounded<int>();
    private int _failures;
    private int _badSignatures;
    private volatile bool _failing;

    public bool Failing
    {
        get => _failing;
        set => _failing = value;
    }

    public int Failures => Volatile.Read(ref _failures);

    public int BadSignatures => Volatile.Read(ref _badSignatures);

    /// <summary>Every accepted delivery in arrival order, duplicates included.</summary>
    public IReadOnlyList<JsonElement> Accepted
    {
        get
        {
            lock (_gate)
            {
                return _accepted.ToList();
            }
        }
    }

    public async Task<IResult> HandleAsync(HttpRequest request)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer);
        var body = buffer.ToArray();
        if (!WebhookSignature.Verify(secret, body, request.Headers[WebhookSignature.HeaderName]))
        {
            Interlocked.Increment(ref _badSignatures);
            return Results.StatusCode(StatusCodes.Status401Unauthorized);
        }

        if (Failing)
        {
            Interlocked.Increment(ref _failures);
            _changed.Writer.TryWrite(0);
            return Results.StatusCode(StatusCodes.Status500InternalServerError);
        }

        var payload = JsonDocument.Parse(body).RootElement.Clone();
        Assert.Equal(payload.GetProperty("eventId").GetString(), request.Headers["X-Kefu-Event-Id"].ToString());
        lock (_gate)
        {
            _accepted.Add(payload);
        }

        _changed.Writer.TryWrite(0);
        return Results.Ok();
    }

    /// <summary>Waits until <paramref name="done"/> holds, or fails after 20 s.</summary>
    public async Task WaitUntilAsync(Func<WebhookReceiver, bool> done, string what)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(20));
        try
        {
            while (!done(this))
            {
                await _changed.Reader.ReadAsync(timeout.Token);
            }
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            Assert.Fail($"Timed out waiting for {what}; accepted: {string.Join(", ", Accepted.Select(e => e.GetProperty("type").GetString()))}, failures: {Failures}.");
        }
    }
}
