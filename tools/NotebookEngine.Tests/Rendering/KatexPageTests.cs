using System.Text.RegularExpressions;
using Course.NotebookEngine.Rendering;
using Course.NotebookEngine.Rendering.Tex;

namespace Course.NotebookEngine.Tests.Rendering;

public sealed partial class KatexPageTests
{
    [Fact]
    public void Page_with_math_inlines_katex_and_its_woff2_fonts_once()
    {
        var page = HtmlPage.Render(MarkdownNotebook.Of("Inline $x^2$.", "$$\\frac{a}{b}$$"));

        Assert.Equal(1, Occurrences(page, "katex.render("));
        Assert.Equal(20, FontFace().Count(page));
        Assert.Equal(20, Occurrences(page, "src:url(data:font/woff2;base64,"));
        Assert.DoesNotContain("url(fonts/", page);
        Assert.DoesNotContain(".woff\"", page);
        Assert.DoesNotContain("<script src=", page);
        Assert.DoesNotContain("<link", page);
        Assert.Contains($"KaTeX {Katex.Version}", page);
    }

    [Fact]
    public void Page_without_math_carries_no_katex()
    {
        var page = HtmlPage.Render(MarkdownNotebook.Of("# Title", "Plain text, `code $x$`, 5$."));

        Assert.DoesNotContain("katex", page, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("@font-face", page);
    }

    [Fact]
    public void Katex_version_is_read_from_the_embedded_script()
    {
        Assert.Matches(@"^\d+\.\d+\.\d+$", Katex.Version);
    }

    [Fact]
    public void Inlining_a_font_that_is_not_embedded_names_the_missing_resource()
    {
        var css = "@font-face{font-family:KaTeX_Nope;src:url(fonts/KaTeX_Nope-Regular.woff2) format(\"woff2\"),url(fonts/KaTeX_Nope-Regular.woff) format(\"woff\")}";

        var error = Assert.Throws<InvalidOperationException>(() => Katex.InlineFonts(css));

        Assert.Contains("katex/fonts/KaTeX_Nope-Regular.woff2", error.Message);
    }

    [Fact]
    public void Inlining_refuses_a_stylesheet_that_would_still_load_a_file()
    {
        var css = "@font-face{font-family:KaTeX_Main;src:url(fonts/KaTeX_Main-Regular.ttf) format(\"truetype\")}";

        var error = Assert.Throws<InvalidOperationException>(() => Katex.InlineFonts(css));

        Assert.Contains("url(fonts/KaTeX_Main-Regular.ttf)", error.Message);
    }

    private static int Occurrences(string text, string value) => Regex.Count(text, Regex.Escape(value));

    [GeneratedRegex("@font-face")]
    private static partial Regex FontFace();
}
