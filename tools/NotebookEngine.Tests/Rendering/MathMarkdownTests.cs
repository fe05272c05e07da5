using System.Text.RegularExpressions;
using Course.NotebookEngine.Rendering;

namespace Course.NotebookEngine.Tests.Rendering;

public sealed partial class MathMarkdownTests
{
    private static string BodyOf(params string[] markdownCells)
    {
        var page = HtmlPage.Render(MarkdownNotebook.Of(markdownCells));
        var start = page.IndexOf("<main>", StringComparison.Ordinal);
        return page[start..page.IndexOf("</main>", start, StringComparison.Ordinal)];
    }

    [Fact]
    public void Inline_math_keeps_backslashes_underscores_asterisks_and_braces()
    {
        var html = BodyOf(@"Price $t = \text{apple\_price} * a_1 * b_2, \{x\}$ here.");

        Assert.Contains(@"<span class=""math"">\(t = \text{apple\_price} * a_1 * b_2, \{x\}\)</span>", html);
        Assert.DoesNotContain("<em>", html);
    }

    [Fact]
    public void Display_math_on_several_lines_keeps_its_line_breaks_and_is_marked_as_display()
    {
        var html = BodyOf("## 1. ReLU\n\n$$y = \\begin{cases} x & (x > 0) \\\\ 0 & (x \\le 0) \\end{cases}\n\\qquad\n\\frac{\\partial y}{\\partial x}$$\n\nAfter.");

        Assert.Contains("<span class=\"math\">\\[y = \\begin{cases} x &amp; (x &gt; 0) \\\\ 0 &amp; (x \\le 0) \\end{cases}\n\\qquad\n\\frac{\\partial y}{\\partial x}\\]</span>", html);
    }

    [Fact]
    public void Display_math_continuing_a_list_item_stays_one_formula_with_its_subscripts()
    {
        var html = BodyOf("- $X_{ni}$ appears with coefficient $W_{ij}$:\n  $$\\frac{\\partial L}{\\partial X_{ni}} = \\sum_j W_{ij}\n    \\quad\\Longrightarrow\\quad W^\\top$$\n- next");

        Assert.Contains("<span class=\"math\">\\[\\frac{\\partial L}{\\partial X_{ni}} = \\sum_j W_{ij}\n\\quad\\Longrightarrow\\quad W^\\top\\]</span>", html);
        Assert.Equal(3, MathSpan().Count(html));
    }

    [Fact]
    public void Inline_math_may_continue_on_the_next_line_as_in_vs_code()
    {
        var html = BodyOf("the average of $-\\log(\\text{probability of the right\nanswer})$: 0 when certain");

        Assert.Contains("<span class=\"math\">\\(-\\log(\\text{probability of the right\nanswer})\\)</span>", html);
    }

    [Fact]
    public void Fenced_display_math_is_a_display_block()
    {
        var html = BodyOf("$$\nL = -\\sum_k t_k \\log y_k\n$$");

        Assert.Matches(@"<div class=""math"">\s*\\\[\s*L = -\\sum_k t_k \\log y_k\s*\\\]\s*</div>", html);
    }

    [Theory]
    [InlineData("It costs $5 and $6 in total.")]
    [InlineData(@"A dollar sign \$x\$ written with backslashes.")]
    [InlineData("A lone $ sign, and $ spaced $ dollars.")]
    [InlineData("Code `var s = $\"{x}\";` and `$y$` stay code.")]
    public void Dollars_that_do_not_delimit_math_stay_text(string markdown)
    {
        var page = HtmlPage.Render(MarkdownNotebook.Of(markdown));

        Assert.Equal(0, MathSpan().Count(page));
        Assert.DoesNotContain("katex", page, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Tex_is_html_escaped_inside_the_math_span()
    {
        var html = BodyOf("mean $< 10^{-5}$ ok, $a<b>c$");

        Assert.Contains(@"\(&lt; 10^{-5}\)", html);
        Assert.Contains(@"\(a&lt;b&gt;c\)", html);
    }

    [Fact]
    public void Every_dollar_and_tex_command_in_the_lessons_ends_up_inside_a_formula()
    {
        var html = BodyOf([.. MarkdownNotebook.LessonCells()]);
        var text = Tags().Replace(MathOrCode().Replace(html, ""), "");

        var strays = StrayTex().Matches(text).Select(m => text.Substring(Math.Max(0, m.Index - 40), Math.Min(80, text.Length - Math.Max(0, m.Index - 40))));
        Assert.Empty(strays);
        Assert.True(MathSpan().Count(html) > 100, "the lessons should have more than 100 formulas");
    }

    [GeneratedRegex(@"<span class=""math"">.*?</span>|<div class=""math"">.*?</div>|<code>.*?</code>", RegexOptions.Singleline)]
    private static partial Regex MathOrCode();

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"\$|\\[a-zA-Z]+")]
    private static partial Regex StrayTex();

    [GeneratedRegex(@"<span class=""math"">")]
    private static partial Regex MathSpan();
}
