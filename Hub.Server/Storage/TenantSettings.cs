namespace KefuHub.Server.Storage;

/// <summary>A tenant's settings, as <c>GET/PUT /api/tenants/{t}/settings</c> shows them; stored as one JSON document.</summary>
public sealed record TenantSettings
{
    public static TenantSettings Default { get; } = new();

    /// <summary>Sent as the first message of every new session; none when empty.</summary>
    public string? WelcomeMessage { get; init; }

    public bool OffDutyReminderEnabled { get; init; } = true;

    /// <summary>What a visitor reads when StartSession answers LeaveMessage.</summary>
    public string? OffDutyReminderText { get; init; } = "We are closed now. Please leave a message and we will get back to you.";

    public int AgentOfflineGraceSeconds { get; init; } = 60;

    public int VisitorWaitGraceSeconds { get; init; } = 60;

    public int SpecifiedAgentTimeoutSeconds { get; init; } = 60;

    /// <summary>When set, closing a session asks its visitor for a rating.</summary>
    public bool RatingOnClose { get; init; }

    /// <summary>Where sessions started without a queue go; null sends them to any agent.</summary>
    public int? DefaultQueueId { get; init; }

    /// <summary>Shown in the widget's header; the widget says "Customer service" when empty.</summary>
    public string? EnterpriseName { get; init; }

    /// <summary>An http(s) image url, or one of our own file urls, shown beside the enterprise name.</summary>
    public string? LogoUrl { get; init; }

    /// <summary>The widget's accent colour, <c>#rgb</c> or <c>#rrggbb</c>.</summary>
    public string? ThemeColor { get; init; }

    /// <summary>Visitors see their agent's nickname (Easemob's 客户端显示客服昵称); off, they see "Agent".</summary>
    public bool ShowAgentNickname { get; init; } = true;

    /// <summary>Origins allowed on the visitor hub and visitor sign-up; empty allows any.</summary>
    public IReadOnlyList<string> AllowedOrigins { get; init; } = [];

    /// <summary>When set, an agent's <c>Close</c> needs at least one summary.</summary>
    public bool SummaryRequired { get; init; }

    /// <summary>When false, a visitor may rate only a session it was asked to rate (InviteRating, or rating on close).</summary>
    public bool VisitorRatingEnabled { get; init; } = true;

    /// <summary>A served session without a visitor or agent message for this long is closed (reason Inactive); 0 = never.</summary>
    public int InactivityCloseMinutes { get; init; }

    /// <summary>Key of the visitors' <c>userHash</c> (identity across devices); write-only through the API; null = identity off.</summary>
    public string? IdentitySecret { get; init; }

    /// <summary>Robot reception; its own call (<c>/robot</c>), not part of <c>/settings</c>.</summary>
    public RobotSettings Robot { get; init; } = new();
}
