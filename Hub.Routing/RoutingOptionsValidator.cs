using Microsoft.Extensions.Options;

namespace KefuHub.Routing;

/// <summary>The limits of <see cref="RoutingOptions"/>, each failure naming its configuration path.</summary>
internal sealed class RoutingOptionsValidator : IValidateOptions<RoutingOptions>
{
    public ValidateOptionsResult Validate(string? name, RoutingOptions options)
    {
        var failures = new List<string>();
        if (options.HandlingTimeSamples is < 1 or > 1000)
        {
            failures.Add($"{RoutingOptions.SectionName}:{nameof(RoutingOptions.HandlingTimeSamples)} must be between 1 and 1000, not {options.HandlingTimeSamples}.");
        }

        if (options.DefaultHandlingTime <= TimeSpan.Zero || options.DefaultHandlingTime > TimeSpan.FromDays(1))
        {
            failures.Add($"{RoutingOptions.SectionName}:{nameof(RoutingOptions.DefaultHandlingTime)} must be more than 0 and at most 1 day, not {options.DefaultHandlingTime}.");
        }

        if (options.MaxWaitingSessionsPerTenant < 1)
        {
            failures.Add($"{RoutingOptions.SectionName}:{nameof(RoutingOptions.MaxWaitingSessionsPerTenant)} must be at least 1, not {options.MaxWaitingSessionsPerTenant}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
