namespace KefuHub.Server.Conversations;

/// <summary>
/// Whether a visitor's text contains a robot keyword: ignoring case, and where the keyword starts or ends with an
/// ASCII letter or digit, only as a whole word there ("agent" is in "an agent, please" but not in "reagents"),
/// so that Latin words do not fire inside others while Chinese keywords match anywhere ("转人工" in "请转人工服务").
/// </summary>
public static class RobotKeywords
{
    public static bool Contains(string text, string keyword)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentException.ThrowIfNullOrEmpty(keyword);
        for (var at = text.IndexOf(keyword, StringComparison.OrdinalIgnoreCase); at >= 0; at = text.IndexOf(keyword, at + 1, StringComparison.OrdinalIgnoreCase))
        {
            var end = at + keyword.Length;
            var startsWord = !char.IsAsciiLetterOrDigit(keyword[0]) || at == 0 || !char.IsAsciiLetterOrDigit(text[at - 1]);
            var endsWord = !char.IsAsciiLetterOrDigit(keyword[^1]) || end == text.Length || !char.IsAsciiLetterOrDigit(text[end]);
            if (startsWord && endsWord)
            {
                return true;
            }
        }

        return false;
    }

    public static bool ContainsAny(string text, IEnumerable<string> keywords) => keywords.Any(k => k.Length > 0 && Contains(text, k));
}
