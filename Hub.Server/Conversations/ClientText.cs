using System.Globalization;
using System.Text;

namespace KefuHub.Server.Conversations;

/// <summary>
/// Client input quoted in an error message or a log line: at most <see cref="MaxLength"/> characters, and
/// controls, line breaks and invisible format characters (bidi overrides) escaped as <c>\uXXXX</c>, so that
/// a hostile id can neither flood the log nor forge a line of it.
/// </summary>
public static class ClientText
{
    public const int MaxLength = 64;

    public static string Quote(string? text, int maxLength = MaxLength)
    {
        if (text is null)
        {
            return "(none)";
        }

        var builder = new StringBuilder(Math.Min(text.Length, maxLength) + 8);
        foreach (var c in text.AsSpan(0, Math.Min(text.Length, maxLength)))
        {
            if (char.IsControl(c) || char.IsSurrogate(c) || char.GetUnicodeCategory(c) is UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
            {
                builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            }
            else
            {
                builder.Append(c);
            }
        }

        return text.Length > maxLength ? builder.Append("…(").Append(text.Length.ToString(CultureInfo.InvariantCulture)).Append(" chars)").ToString() : builder.ToString();
    }
}
