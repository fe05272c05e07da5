using Course.NotebookEngine.Format;
using Course.NotebookEngine.Rendering;

namespace Course.NotebookEngine.Tests.Rendering;

public sealed class HtmlPageTests
{
    [Fact]
    public void Page_renders_markdown_keeps_the_tex_in_the_source_and_numbers_code_cells()
    {
        var page = HtmlPage.Render(Notebook.Load(Corpus.PathOf("vscode-polyglot.ipynb")));

        Assert.Contains("<h1 id=\"a-notebook-as-vs-code-saves-it\">A notebook as VS Code saves it</h1>", page);
        Assert.Contains(@"\frac{\partial L}{\partial x}", page);
        Assert.Contains("var apple = 100.0;", page);
        Assert.Contains("data-charts-drawn", page.Replace("dataset.chartsDrawn", "data-charts-drawn"));
        Assert.DoesNotContain("<script src=", page);
    }

    [Fact]
    public async Task Chart_page_draws_its_chart_offline_in_headless_chromium()
    {
        var run = await Corpus.RunAsync("nuget-course-packages.ipynb");
        Assert.True(run.Succeeded, run.FailureSummary);
        var folder = Corpus.NewTempFolder();
        var pagePath = Path.Combine(folder, "chart.html");
        await File.WriteAllTextAsync(pagePath, HtmlPage.Render(run.Notebook!, PlotlyMode.Inline), TestContext.Current.CancellationToken);
        Assert.DoesNotContain("<script src=", await File.ReadAllTextAsync(pagePath, TestContext.Current.CancellationToken));

        var dom = await HeadlessChromium.DumpDomAsync(pagePath, Path.Combine(folder, "profile"));

        Assert.Contains("data-charts-drawn=\"1\"", dom);
        Assert.Contains("class=\"main-svg\"", dom);
    }

    [Fact]
    public async Task Formulas_are_typeset_offline_in_headless_chromium()
    {
        var notebook = MarkdownNotebook.Of(
            "Inline $\\frac{\\partial L}{\\partial x}$ and $t = \\text{apple\\_price}$, a formula that continues $a +\nb$.",
            "$$y = \\begin{cases} x & (x > 0) \\\\ 0 & (x \\le 0) \\end{cases}\n\\qquad \\{x\\}$$",
            "$$\nL = -\\frac{1}{N} \\sum_{n=1}^{N} \\sum_k t_{nk} \\log(y_{nk} + \\delta)\n$$",
            "- $X_{ni}$ appears:\n  $$\\frac{\\partial L}{\\partial X_{ni}}\n  = \\sum_j W_{ij}$$",
            "A deliberate mistake: $\\frac{1}{$ is shown in red, the rest still typeset.");
        var dom = await RenderInChromiumAsync(notebook);

        Assert.Contains("data-math-typeset=\"8\"", dom);
        Assert.Equal(7, Count(dom, "class=\"katex\""));
        Assert.Equal(3, Count(dom, "class=\"katex-display\""));
        Assert.Equal(1, Count(dom, "class=\"katex-error\""));
        Assert.Contains("data-math-fonts=\"true\"", dom);
        Assert.Contains("<annotation encoding=\"application/x-tex\">t = \\text{apple\\_price}</annotation>", dom);
    }

    [Fact]
    public async Task Every_formula_of_every_lesson_typesets_without_a_katex_error()
    {
        var cells = MarkdownNotebook.LessonCells().ToList();
        Assert.NotEmpty(cells);
        var page = HtmlPage.Render(MarkdownNotebook.Of(cells));
        var formulas = Count(page, "<span class=\"math\">") + Count(page, "<div class=\"math\">");

        var dom = await RenderInChromiumAsync(MarkdownNotebook.Of(cells));

        Assert.True(formulas > 100, $"only {formulas} formulas found in the lessons");
        Assert.Contains($"data-math-typeset=\"{formulas}\"", dom);
        Assert.Equal(formulas, Count(dom, "class=\"katex\""));
        var errors = System.Text.RegularExpressions.Regex.Matches(dom, "class=\"katex-error\"[^>]*title=\"([^\"]*)\"").Select(m => m.Groups[1].Value);
        Assert.Empty(errors);
    }

    private static async Task<string> RenderInChromiumAsync(Notebook notebook)
    {
        var folder = Corpus.NewTempFolder();
        var pagePath = Path.Combine(folder, "math.html");
        await File.WriteAllTextAsync(pagePath, HtmlPage.Render(notebook), TestContext.Current.CancellationToken);
        return await HeadlessChromium.DumpDomAsync(pagePath, Path.Combine(folder, "profile"));
    }

    private static int Count(string text, string value) =>
        System.Text.RegularExpressions.Regex.Count(text, System.Text.RegularExpressions.Regex.Escape(value));
}
