using System.Security.Cryptography;
using System.Text;
using KefuHub.Server.Storage;

namespace KefuHub.Server.Api.Visitors;

/// <summary>The limits of a visitor's profile and identity, and how a request changes a stored profile.</summary>
internal static class VisitorProfiles
{
    public const int MaxNameLength = 100;
    public const int MaxPhoneLength = 50;
    public const int MaxEmailLength = 200;
    public const int MaxDescriptionLength = 1000;
    public const int MaxCustomFields = 20;
    public const int MaxCustomKeyLength = 50;
    public const int MaxCustomValueLength = 500;
    public const int MaxUserIdLength = 128;
    public const int MaxUrlLength = 2048;
    public const int MaxUserAgentLength = 512;
    public const int MaxTags = 50;

    /// <summary>What is wrong with the profile, naming the field; null when it is fine.</summary>
    public static string? Validate(VisitorProfileRequest? profile)
    {
        if (profile is null)
        {
            return null;
        }

        foreach (var (name, value, max) in new[]
        {
            ("nickname", profile.Nickname, MaxNameLength),
            ("trueName", profile.TrueName, MaxNameLength),
            ("company", profile.Company, MaxNameLength),
            ("phone", profile.Phone, MaxPhoneLength),
            ("email", profile.Email, MaxEmailLength),
            ("description", profile.Description, MaxDescriptionLength),
        })
        {
            if (value?.Length > max)
            {
                return $"{name} is at most {max} characters (got {value.Length}).";
            }
        }

        if (profile.Email is { Length: > 0 } email && (email.IndexOf('@', StringComparison.Ordinal) is <= 0 || email.EndsWith('@')))
        {
            return "email must look like name@example.com.";
        }

        if (profile.CustomFields is { } fields)
        {
            if (fields.Count > MaxCustomFields)
            {
                return $"customFields holds at most {MaxCustomFields} fields (got {fields.Count}).";
            }

            foreach (var (key, value) in fields)
            {
                if (string.IsNullOrWhiteSpace(key) || key.Length > MaxCustomKeyLength)
                {
                    return $"customFields keys are 1 to {MaxCustomKeyLength} characters.";
                }

                if (value is null || value.Length > MaxCustomValueLength)
                {
                    return $"customFields.{key} must be a text of at most {MaxCustomValueLength} characters.";
                }
            }
        }

        return null;
    }

    public static string? Validate(VisitorSourceRequest? source)
    {
        foreach (var (name, value) in new[] { ("source.page", source?.Page), ("source.referrer", source?.Referrer) })
        {
            if (value is { Length: > 0 } && (value.Length > MaxUrlLength || !IsWebUrl(value)))
            {
                return $"{name} must be an http or https URL of at most {MaxUrlLength} characters.";
            }
        }

        return null;
    }

    /// <summary>The stored visitor with the request's fields applied: null leaves a field, "" clears it.</summary>
    public static VisitorRecord Apply(VisitorRecord visitor, VisitorProfileRequest? profile) => profile is null
        ? visitor
        : visitor with
        {
            Nickname = Change(visitor.Nickname, profile.Nickname),
            TrueName = Change(visitor.TrueName, profile.TrueName),
            Phone = Change(visitor.Phone, profile.Phone),
            Email = Change(visitor.Email, profile.Email),
            Company = Change(visitor.Company, profile.Company),
            Description = Change(visitor.Description, profile.Description),
            CustomFields = profile.CustomFields is { } fields ? new Dictionary<string, string>(fields, StringComparer.Ordinal) : visitor.CustomFields,
        };

    /// <summary>
    /// True when <paramref name="userHash"/> is the hex HMAC-SHA256 of <paramref name="userId"/> under
    /// <paramref name="secret"/> (either hex case), compared in constant time.
    /// </summary>
    public static bool IsValidUserHash(string secret, string userId, string userHash)
    {
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(userId));
        byte[] given;
        try
        {
            given = Convert.FromHexString(userHash);
        }
        catch (FormatException)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(expected, given);
    }

    public static bool IsWebUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);

    private static string? Change(string? current, string? requested) => requested is null ? current : requested.Length == 0 ? null : requested.Trim();
}
