namespace KefuHub.Server.Api.Admin;

/// <summary>The webhook as shown back: never the secret.</summary>
public sealed record WebhookView(string Url, DateTimeOffset UpdateDatetime);
