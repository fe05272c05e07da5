using System.Diagnostics;
using Course.Notebooks.Format;
using Course.Notebooks.Rendering;

namespace Course.Notebooks.Tests.Rendering;

public sealed class HtmlPageTests
{
    [Fact]
    public void Page_renders_markdown_keeps_latex_visible_and_numbers_code_cells()
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

        var dom = await DumpDomAsync(pagePath, Path.Combine(folder, "profile"));

        Assert.Contains("data-charts-drawn=\"1\"", dom);
        Assert.Contains("class=\"main-svg\"", dom);
    }

    private static async Task<string> DumpDomAsync(string pagePath, string profile)
    {
        var chromium = new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("chromium is not installed: run `apt-get update && apt-get install -y chromium` (.ci/install-prerequisites does)");
        var start = new ProcessStartInfo(chromium,
            ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--no-first-run", $"--user-data-dir={profile}", "--virtual-time-budget=10000", "--dump-dom", new Uri(pagePath).AbsoluteUri])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        _ = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        limit.CancelAfter(TimeSpan.FromSeconds(90));
        try { await process.WaitForExitAsync(limit.Token); }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("headless chromium did not finish within 90 s");
        }
        return await stdout;
    }
}
