using System.Globalization;

namespace KefuHub.Server.Conversations;

/// <summary>
/// Length limits count what a person sees (text elements: an emoji or a letter with its accents is one),
/// not UTF-16 units. A text longer than eight units per allowed character is refused without counting,
/// so that endless combining marks on one letter cannot pass as one character.
/// </summary>
public static class VisibleText
{
    private const int MaxUnitsPerCharacter = 8;

    public static bool IsLongerThan(string? text, int maxCharacters)
    {
        if (text is null || text.Length <= maxCharacters)
        {
            return false;
        }

        return text.Length > (long)maxCharacters * MaxUnitsPerCharacter || new StringInfo(text).LengthInTextElements > maxCharacters;
    }

    public static int Length(string? text) => text is null ? 0 : new StringInfo(text).LengthInTextElements;
}
