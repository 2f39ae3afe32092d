namespace KefuHub.Server.Api.Admin;

/// <summary>A null field is left unchanged. An empty text clears it; <paramref name="DefaultQueueId"/> 0 clears the default queue; <c>identitySecret: ""</c> turns identity off.</summary>
public sealed record SettingsRequest(
    string? WelcomeMessage,
    bool? OffDutyReminderEnabled,
    string? OffDutyReminderText,
    int? AgentOfflineGraceSeconds,
    int? VisitorWaitGraceSeconds,
    int? SpecifiedAgentTimeoutSeconds,
    bool? RatingOnClose,
    int? DefaultQueueId,
    IReadOnlyList<string>? AllowedOrigins,
    string? EnterpriseName = null,
    string? LogoUrl = null,
    string? ThemeColor = null,
    bool? ShowAgentNickname = null,

    bool? SummaryRequired = null,
    bool? VisitorRatingEnabled = null,
    int? InactivityCloseMinutes = null,
    string? IdentitySecret = null);
