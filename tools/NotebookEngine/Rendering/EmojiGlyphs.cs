using System.Text;
using System.Text.RegularExpressions;

namespace Course.NotebookEngine.Rendering;

/// <summary>
/// Draws the course's status emoji (✅ ❌ ⏳) as small SVG pictures: many machines (CI images, fresh Linux installs) have
/// no colour-emoji font, and there the characters show as empty boxes. The character stays in the page (transparent,
/// under its picture), so copying a line of output or code still copies the emoji.
/// </summary>
public static partial class EmojiGlyphs
{
    private static readonly (char Emoji, string Name, string Svg)[] Glyphs =
    [
        ('\u2705', "check mark", """<rect width="16" height="16" rx="3" fill="#2da44e"/><path d="M4 8.4l2.8 2.8L12.2 5" fill="none" stroke="#fff" stroke-width="2.2" stroke-linecap="round" stroke-linejoin="round"/>"""),
        ('\u274C', "cross mark", """<path d="M3.5 3.5l9 9M12.5 3.5l-9 9" stroke="#d1242f" stroke-width="3" stroke-linecap="round"/>"""),
        ('\u23F3', "hourglass", """<path d="M3.5 1.5h9M3.5 14.5h9" stroke="#7a5200" stroke-width="1.6" stroke-linecap="round"/>"""
            + """<path d="M4.8 2v2.2C4.8 6 7.2 7 7.2 8S4.8 10 4.8 11.8V14h6.4v-2.2C11.2 10 8.8 9 8.8 8s2.4-2 2.4-3.8V2z" fill="#fff4d6" stroke="#7a5200" stroke-width="1.1"/>"""
            + """<path d="M5.9 13.3c0-1 1.2-1.8 2.1-2.3.9.5 2.1 1.3 2.1 2.3zM6.3 4.6h3.4C9.4 5.5 8.5 6 8 6.4 7.5 6 6.6 5.5 6.3 4.6z" fill="#e0a526"/>"""),
    ];

    /// <summary>The page style that draws each emoji span.</summary>
    public static string Style { get; } = BuildStyle();

    /// <summary>Wraps the emoji in the text of an HTML fragment; tags, attributes, scripts and styles stay untouched.</summary>
    public static string Draw(string html) => TextOrMarkup().Replace(html, match =>
    {
        if (match.Groups["markup"].Success) return match.Value;
        var index = Array.FindIndex(Glyphs, g => g.Emoji == match.Groups["emoji"].Value[0]);
        return $"<span class=\"emoji emoji-{index}\" role=\"img\" aria-label=\"{Glyphs[index].Name}\">{match.Value}</span>";
    });

    private static string BuildStyle()
    {
        var css = new StringBuilder(
            ".emoji { display: inline-block; width: 1.15em; height: 1.15em; line-height: 1.15em; vertical-align: -0.2em; overflow: hidden; "
            + "color: transparent; background: no-repeat center / 1em 1em; }\n");
        for (var i = 0; i < Glyphs.Length; i++)
        {
            var svg = $"""<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16">{Glyphs[i].Svg}</svg>""";
            css.Append(".emoji-").Append(i).Append(" { background-image: url(\"data:image/svg+xml,").Append(Uri.EscapeDataString(svg)).Append("\"); }\n");
        }
        return css.ToString();
    }

    [GeneratedRegex(@"(?<markup><script\b.*?</script>|<style\b.*?</style>|<!--.*?-->|<[^>]*>)|(?<emoji>[\u2705\u274C\u23F3])\uFE0F?",
        RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex TextOrMarkup();
}
