namespace KefuHub.Server.Api.Admin;

/// <param name="Url">An absolute http or https URL.</param>
/// <param name="Secret">16 to 256 characters; signs every event.</param>
public sealed record WebhookRequest(string? Url, string? Secret);
