using Microsoft.Extensions.Options;

namespace KefuHub.Server.Security;

/// <summary>A visitor token must live at least an hour, and at most ten years.</summary>
internal sealed class TokenOptionsValidator : IValidateOptions<TokenOptions>
{
    public ValidateOptionsResult Validate(string? name, TokenOptions options) =>
        options.VisitorTokenIdleLifetime < TimeSpan.FromHours(1) || options.VisitorTokenIdleLifetime > TimeSpan.FromDays(3650)
            ? ValidateOptionsResult.Fail($"{TokenOptions.SectionName}:{nameof(TokenOptions.VisitorTokenIdleLifetime)} must be between 01:00:00 and 3650.00:00:00 (got {options.VisitorTokenIdleLifetime}).")
            : ValidateOptionsResult.Success;
}
