using System.Globalization;

namespace KefuHub.Server.Api.Easemob;

/// <summary>Easemob's paging parameters: API_111 for a bad index, API_112 for a size over 50, API_001 for what is not a number.</summary>
internal static class EasemobPaging
{
    public const int MaxPageSize = 50;

    /// <summary>The page index, at least <paramref name="first"/>; <paramref name="fallback"/> when absent or empty.</summary>
    public static (int Value, IResult? Error) Index(string? text, string name, int first, int fallback)
    {
        if (string.IsNullOrEmpty(text))
        {
            return (fallback, null);
        }

        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return (0, ApiError.InvalidParameter.WithDescription($"{name} must be an integer.").ToResult());
        }

        return value < first
            ? (0, ApiError.PageIndex.ToResult())
            : (value, null);
    }

    /// <summary>The page size, 1 to 50; <paramref name="fallback"/> when absent or empty.</summary>
    public static (int Value, IResult? Error) Size(string? text, string name, int fallback)
    {
        if (string.IsNullOrEmpty(text))
        {
            return (fallback, null);
        }

        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return (0, ApiError.InvalidParameter.WithDescription($"{name} must be an integer.").ToResult());
        }

        return value switch
        {
            > MaxPageSize => (0, ApiError.PageSize.ToResult()),
            < 1 => (0, ApiError.InvalidParameter.WithDescription($"{name} must be between 1 and {MaxPageSize}.").ToResult()),
            _ => (value, null),
        };
    }
}
