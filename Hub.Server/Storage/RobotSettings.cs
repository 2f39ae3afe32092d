namespace KefuHub.Server.Storage;

/// <summary>The tenant's robot reception (<c>GET/PUT /api/tenants/{t}/robot</c>), stored in the settings document.</summary>
public sealed record RobotSettings
{
    public static IReadOnlyList<string> DefaultTransferKeywords { get; } = ["人工", "转人工", "human", "agent"];

    /// <summary>When set, <c>StartSession</c> opens sessions with the robot.</summary>
    public bool Enabled { get; init; }

    /// <summary>Shown to visitors as the robot's nickname.</summary>
    public string Name { get; init; } = "Robot";

    /// <summary>The robot's first message in a new session; none when null.</summary>
    public string? Greeting { get; init; }

    /// <summary>Tried in order: the first whose keyword the text contains answers.</summary>
    public IReadOnlyList<RobotRule> Rules { get; init; } = [];

    /// <summary>The answer when no rule and no webhook answers; none when null.</summary>
    public string? FallbackAnswer { get; init; }

    /// <summary>A visitor text containing one of these goes to people.</summary>
    public IReadOnlyList<string> TransferKeywords { get; init; } = DefaultTransferKeywords;

    /// <summary>Asked (<c>POST {serviceSessionId, visitorId, text}</c> → <c>{answer?, transfer?}</c>) when no rule answers.</summary>
    public string? WebhookUrl { get; init; }

    /// <summary>Signs the webhook's requests (<c>X-Kefu-Signature</c>) when set; write-only through the API.</summary>
    public string? WebhookSecret { get; init; }
}
