using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Course.NotebookEngine.Format;
using Course.NotebookEngine.Rendering;

namespace Course.NotebookEngine.Tests.Rendering;

/// <summary>What a learner sees on a page: cell numbers, code lines, links, navigation, and charts that fit their column.</summary>
public sealed partial class SitePageTests
{
    [Fact]
    public void Every_cell_is_numbered_by_its_position_as_vs_code_counts_it_not_by_its_execution_count()
    {
        var notebook = Cells(
            Markdown("# Title"),
            Code("var a = 1;", executionCount: 1),
            Markdown("Between."),
            Code("a", executionCount: 7));

        var page = HtmlPage.Render(notebook);

        Assert.Contains("<section class=\"markdown\" id=\"cell-1\">", page);
        Assert.Contains("<section class=\"code\" id=\"cell-2\"><a class=\"prompt\" href=\"#cell-2\" title=\"cell 2 of 4", page);
        Assert.Contains(">[2]</a>", page);
        Assert.Contains("<section class=\"markdown\" id=\"cell-3\">", page);
        Assert.Contains(">[4]</a>", page);
        Assert.DoesNotContain(">[1]</a>", page);
        Assert.DoesNotContain(">[7]</a>", page);
        Assert.Contains("VS Code's status bar shows “Cell 4 of 4”", page);
    }

    [Fact]
    public void Code_lines_are_numbered_spans_with_their_indent_and_copy_as_written()
    {
        const string source = "if (x)\n{\n    Console.WriteLine(\"<a long line>\");\n\n}";
        var page = HtmlPage.Render(Cells(Code(source)));

        var code = CodeBlock().Match(page).Groups[1].Value;
        Assert.Equal(5, Regex.Count(code, "<span class=\"line\""));
        Assert.Contains("<span class=\"line\" style=\"--i:4\">    Console.WriteLine(&quot;&lt;a long line&gt;&quot;);</span>", code);
        Assert.Equal(source, WebUtility.HtmlDecode(Regex.Replace(code, "<[^>]+>", "")));
        Assert.Contains("pre.source { background: #f6f8fa; border: 1px solid #e1e4e8; border-left: 3px solid #6a6ad0; white-space: pre-wrap;", page);
    }

    [Fact]
    public void Markdown_links_and_images_are_mapped_by_the_page_options_and_fragments_are_kept()
    {
        var notebook = Cells(Markdown("[next](02-next.ipynb#part) · ![plot](images/plot.png) · [web](https://example.org) · [here](#here)"));
        var seen = new List<string>();

        var page = HtmlPage.Render(notebook, new PageOptions
        {
            Link = target =>
            {
                seen.Add(target);
                return target.Replace(".ipynb", ".html", StringComparison.Ordinal);
            },
        });

        Assert.Equal(["02-next.ipynb#part", "images/plot.png", "https://example.org", "#here"], seen);
        Assert.Contains("<a href=\"02-next.html#part\">next</a>", page);
        Assert.Contains("<img src=\"images/plot.png\" alt=\"plot\" />", page);
    }

    [Fact]
    public void LinksOf_lists_each_markdown_link_with_the_number_of_its_cell()
    {
        var notebook = Cells(Markdown("# T\n[a](a.ipynb)"), Code("var x = 1; // [not a link](b.ipynb)"), Markdown("[c](../c.ipynb) and ![d](d.png)"));

        var links = HtmlPage.LinksOf(notebook);

        Assert.Equal([(1, "a.ipynb"), (3, "../c.ipynb"), (3, "d.png")], links);
    }

    [Fact]
    public void Title_is_the_first_heading_and_the_file_name_without_one()
    {
        Assert.Equal("Lesson 9 — Something", HtmlPage.TitleOf(Cells(Markdown("Intro"), Markdown("text\n# Lesson 9 — Something\n## Part"))));
        Assert.Equal("cells", HtmlPage.TitleOf(Cells(Markdown("no heading"))));
        Assert.Contains("<title>Lesson 9 — Something</title>", HtmlPage.Render(Cells(Markdown("# Lesson 9 — Something"))));
    }

    [Fact]
    public void Navigation_bar_is_above_and_below_the_notebook_and_the_note_above_the_first_cell()
    {
        var page = HtmlPage.Render(Cells(Markdown("# T")), new PageOptions
        {
            Navigation = [new PageLink("↑ Course index", "index.html", "index"), new PageLink("Next →", "02-b.html", "next")],
            Note = "Shown as stored: [the notebook](../x.ipynb).",
        });

        Assert.Equal(2, Regex.Count(page, "<nav class=\"site\"><a href=\"index.html\" rel=\"index\" class=\"index\">↑ Course index</a><a href=\"02-b.html\" rel=\"next\" class=\"next\">Next →</a></nav>"));
        Assert.Contains("<main>\n<aside class=\"note\"><p>Shown as stored: <a href=\"../x.ipynb\">the notebook</a>.</p>\n</aside>\n<section class=\"markdown\" id=\"cell-1\">", page);
    }

    [Fact]
    public async Task A_chart_wider_than_its_column_shrinks_to_fit_and_the_toolbar_covers_neither_title_nor_legend()
    {
        // The training dashboard of lesson 6 is made 1000 px wide with its legend on the right; a page column is narrower.
        var notebook = Cells(
            Code("Charts.TrainingDashboard(…)", executionCount: 1, Chart(width: 1000, "A title long enough to run under the toolbar of the chart, if it could")),
            Code("Charts.Small(…)", executionCount: 2, Chart(width: 420, "Small")));
        var folder = Corpus.NewTempFolder();
        var pagePath = Path.Combine(folder, "charts.html");
        await File.WriteAllTextAsync(pagePath, HtmlPage.Render(notebook).Replace("</body>", MeasureScript, StringComparison.Ordinal), TestContext.Current.CancellationToken);

        var dom = await HeadlessChromium.DumpDomAsync(pagePath, Path.Combine(folder, "profile"));

        Assert.Contains("data-charts-drawn=\"2\"", dom);
        var measured = LayoutAttribute().Match(dom);
        Assert.True(measured.Success, "the page did not report its layout");
        var charts = JsonNode.Parse(WebUtility.HtmlDecode(measured.Groups[1].Value))!.AsArray();
        Assert.Equal(2, charts.Count);
        foreach (var chart in charts)
        {
            var name = (string)chart!["title"]!["text"]!;
            Assert.True(Right(chart, "svg") <= Right(chart, "column") + 0.5, $"{name}: chart wider than its column: {chart.ToJsonString()}");
            Assert.True(Right(chart, "legend") <= Right(chart, "svg") + 0.5, $"{name}: legend cut off: {chart.ToJsonString()}");
            Assert.False(Overlap(chart!["toolbar"]!, chart["title"]!), $"{name}: the toolbar covers the title: {chart.ToJsonString()}");
            Assert.False(Overlap(chart["toolbar"]!, chart["legend"]!), $"{name}: the toolbar covers the legend: {chart.ToJsonString()}");
        }
        Assert.True((double)charts[0]!["svg"]!["width"]! < 1000, "the wide chart kept its 1000 px");
        Assert.Equal(420, (double)charts[1]!["svg"]!["width"]!, 0.5);
    }

    private const string MeasureScript = """
        <script>
        (function measure() {
          if (document.body.dataset.chartsDrawn !== '2') { setTimeout(measure, 50); return; }
          function box(e) { var r = e.getBoundingClientRect(); return {left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width}; }
          var charts = Array.prototype.map.call(document.querySelectorAll('.output.chart'), function (chart) {
            var title = box(chart.querySelector('.gtitle'));
            title.text = chart.querySelector('.gtitle').textContent;
            return {column: box(chart.closest('section')), svg: box(chart.querySelector('svg.main-svg')), toolbar: box(chart.querySelector('.modebar')),
                    title: title, legend: box(chart.querySelector('.legend'))};
          });
          document.body.dataset.layout = JSON.stringify(charts);
        })();
        </script>
        </body>
        """;

    private static double Right(JsonNode? chart, string part) => (double)chart![part]!["right"]!;

    private static bool Overlap(JsonNode a, JsonNode b) =>
        (double)a["left"]! < (double)b["right"]! && (double)b["left"]! < (double)a["right"]! &&
        (double)a["top"]! < (double)b["bottom"]! && (double)b["top"]! < (double)a["bottom"]!;

    private static JsonObject Chart(int width, string title) => new()
    {
        ["output_type"] = "display_data",
        ["metadata"] = new JsonObject(),
        ["data"] = new JsonObject
        {
            ["application/vnd.plotly.v1+json"] = new JsonObject
            {
                ["data"] = new JsonArray(
                    new JsonObject { ["type"] = "scatter", ["name"] = "average of 40", ["x"] = new JsonArray(1, 2, 3), ["y"] = new JsonArray(3, 1, 2) },
                    new JsonObject { ["type"] = "scatter", ["name"] = "test accuracy", ["x"] = new JsonArray(1, 2, 3), ["y"] = new JsonArray(1, 2, 3) }),
                ["layout"] = new JsonObject
                {
                    ["title"] = new JsonObject { ["text"] = title, ["x"] = 0.5 },
                    ["showlegend"] = true,
                    ["width"] = width,
                    ["height"] = 360,
                    ["margin"] = new JsonObject { ["l"] = 60, ["r"] = 20, ["t"] = 70, ["b"] = 50 },
                },
            },
            ["text/plain"] = "chart",
        },
    };

    private static JsonObject Markdown(string source) => new() { ["cell_type"] = "markdown", ["metadata"] = new JsonObject(), ["source"] = source };

    private static JsonObject Code(string source, int? executionCount = null, params JsonObject[] outputs) => new()
    {
        ["cell_type"] = "code",
        ["execution_count"] = executionCount,
        ["metadata"] = new JsonObject { ["polyglot_notebook"] = new JsonObject { ["kernelName"] = "csharp" } },
        ["outputs"] = new JsonArray(outputs.Select(o => (JsonNode)o).ToArray()),
        ["source"] = source,
    };

    private static Notebook Cells(params JsonObject[] cells)
    {
        var notebook = new JsonObject
        {
            ["cells"] = new JsonArray(cells.Select(c => (JsonNode)c).ToArray()),
            ["metadata"] = new JsonObject { ["kernelspec"] = new JsonObject { ["name"] = ".net-csharp", ["display_name"] = ".NET (C#)", ["language"] = "C#" } },
            ["nbformat"] = 4,
            ["nbformat_minor"] = 5,
        };
        return Notebook.Parse(notebook.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }), "cells.ipynb");
    }

    [GeneratedRegex("<pre class=\"source\"><code>(.*?)</code></pre>", RegexOptions.Singleline)]
    private static partial Regex CodeBlock();

    [GeneratedRegex("data-layout=\"([^\"]*)\"")]
    private static partial Regex LayoutAttribute();
}
