namespace KefuHub.Server.Api.Admin;

/// <summary>The name and color rules shared by summaries and visitor tags.</summary>
internal static class NamedItems
{
    public const int MaxNameLength = 100;
    public const int MaxColor = 0xFFFFFF;

    /// <summary>Null when valid: a name of 1 to 100 characters (or none when not <paramref name="required"/>) and a color 0 to 0xFFFFFF.</summary>
    public static IResult? Validate(string? name, int? color, bool required) =>
        ((name is null && !required) || (!string.IsNullOrWhiteSpace(name) && name.Trim().Length <= MaxNameLength)) && color is null or (>= 0 and <= MaxColor)
            ? null
            : AdminErrors.Invalid($"name is required and at most {MaxNameLength} characters; color is 0 to {MaxColor} (0xRRGGBB).");
}
