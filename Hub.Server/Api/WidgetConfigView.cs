namespace KefuHub.Server.Api;

/// <summary>What a visitor may see of its tenant's settings: the widget's header and greeting, and whether it is open.</summary>
public sealed record WidgetConfigView(
    string? WelcomeMessage,
    string? EnterpriseName,
    string? LogoUrl,
    string? ThemeColor,
    bool ShowAgentNickname,
    bool OpenNow);
