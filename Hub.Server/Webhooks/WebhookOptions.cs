using System.ComponentModel.DataAnnotations;

namespace KefuHub.Server.Webhooks;

/// <summary>Webhook delivery; section <c>Kefu:Webhooks</c>. See docs/api.md, "Webhooks".</summary>
public sealed class WebhookOptions
{
    public const string SectionName = "Kefu:Webhooks";

    /// <summary>
    /// Allows webhook URLs whose host is, or resolves to, a loopback, private, link-local or otherwise
    /// internal address. Off by default: a tenant administrator could otherwise make the hub call
    /// services inside the operator's network (SSRF).
    /// </summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>Attempts per event before it is abandoned and the tenant's next event goes. Default 10.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 10;

    /// <summary>The wait after the first failed attempt; doubled after each further one. Default 10 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00")]
    public TimeSpan InitialRetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest wait between two attempts. Default 1 h.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "7.00:00:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long the receiver has to answer. Default 10 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long a claimed event is held by the node delivering it; after a crash it is retried once this
    /// is over. Keep it above <see cref="RequestTimeout"/>. Default 1 min.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often the outbox is read when there was nothing to send. Default 1 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long delivered and abandoned events stay in the outbox. Default 7 days.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "365.00:00:00")]
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Tenants served per round, one event each, concurrently. Default 32.</summary>
    [Range(1, 1000)]
    public int TenantsPerRound { get; set; } = 32;

    /// <summary>The wait before attempt <paramref name="attempt"/> + 1: <see cref="InitialRetryDelay"/> × 2^(attempt − 1), at most <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay(int attempt)
    {
        var factor = Math.Pow(2, Math.Clamp(attempt - 1, 0, 30));
        var delay = TimeSpan.FromTicks((long)Math.Min(InitialRetryDelay.Ticks * factor, MaxRetryDelay.Ticks));
        return delay;
    }
}
