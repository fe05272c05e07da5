using Course.NotebookEngine.Rendering;

namespace Course.NotebookEngine.Tests.Rendering;

public sealed class EmojiGlyphsTests
{
    [Fact]
    public void Status_emoji_in_text_are_wrapped_in_drawn_spans_that_keep_the_character()
    {
        var html = EmojiGlyphs.Draw("<pre>✅ ok\n❌ wrong\n⏳\uFE0F later</pre>");

        Assert.Equal(
            "<pre><span class=\"emoji emoji-0\" role=\"img\" aria-label=\"check mark\">✅</span> ok\n"
            + "<span class=\"emoji emoji-1\" role=\"img\" aria-label=\"cross mark\">❌</span> wrong\n"
            + "<span class=\"emoji emoji-2\" role=\"img\" aria-label=\"hourglass\">⏳\uFE0F</span> later</pre>", html);
    }

    [Fact]
    public void Emoji_inside_attributes_scripts_and_styles_are_left_alone()
    {
        const string html = "<div title=\"✅ done\"><script>var s = '❌';</script><style>/* ⏳ */</style></div>";

        Assert.Equal(html, EmojiGlyphs.Draw(html));
    }

    [Fact]
    public void Every_drawn_emoji_class_has_a_picture_in_the_style()
    {
        for (var i = 0; i < 3; i++) Assert.Contains($".emoji-{i} {{ background-image: url(\"data:image/svg+xml,", EmojiGlyphs.Style);
    }

    [Fact]
    public void Page_draws_the_emoji_of_its_markdown()
    {
        var page = HtmlPage.Render(MarkdownNotebook.Of("Every check prints ✅ or ❌."));

        Assert.Contains("aria-label=\"check mark\">✅</span> or <span class=\"emoji emoji-1\"", page);
    }
}
