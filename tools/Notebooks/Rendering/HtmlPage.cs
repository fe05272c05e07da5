using System.Text;
using System.Text.Json.Nodes;
using Course.Notebooks.Format;
using Course.Notebooks.Outputs;
using Course.Notebooks.Rendering.Tex;
using Markdig;
using Markdig.Extensions.Mathematics;
using Markdig.Syntax;

namespace Course.Notebooks.Rendering;

/// <summary>
/// A standalone page of a notebook: markdown rendered, LaTeX ($…$, $$…$$) typeset with an inlined KaTeX (only on
/// pages that have formulas), code with its [n], outputs, and live charts. With <see cref="PlotlyMode.Inline"/> the
/// page needs no network. When every chart is drawn the page sets document.body.dataset.chartsDrawn to their count,
/// and dataset.mathTypeset to the number of formulas once they are typeset (tests read both).
/// </summary>
public static class HtmlPage
{
    private static readonly MarkdownPipeline Markdown = new MarkdownPipelineBuilder().UseAdvancedExtensions().Use<TexMathExtension>().Build();

    /// <summary>Renders the notebook (executed or not) as one HTML document.</summary>
    public static string Render(Notebook notebook, PlotlyMode plotly = PlotlyMode.Inline)
    {
        var body = new StringBuilder();
        var charts = new List<(string Id, JsonNode? Figure)>(); // a null figure: the kernel's own chart script draws it
        var hasMath = false;
        var defaultKernel = notebook.DefaultKernelName;
        foreach (var cell in notebook.Cells)
        {
            if (!cell.IsCode)
            {
                if (cell.CellType == "markdown") body.Append("<section class=\"markdown\">").Append(RenderMarkdown(cell.Source, ref hasMath)).Append("</section>\n");
                continue;
            }
            var kernel = cell.KernelName(defaultKernel);
            var source = CellSource.WithoutSelector(cell.Source);
            if (kernel == KernelNames.Markdown)
            {
                body.Append("<section class=\"markdown\">").Append(RenderMarkdown(source, ref hasMath)).Append("</section>\n");
                continue;
            }
            var outputs = cell.StoredOutputs.Select(CellOutput.FromJson).ToList();
            var count = cell.ExecutionCount?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? " ";
            body.Append("<section class=\"code\"><div class=\"prompt\">[").Append(count).Append("]</div>")
                .Append("<pre class=\"source\"><code>").Append(HtmlText.Encode(source)).Append("</code></pre>");
            foreach (var output in outputs) body.Append(RenderOutput(output, charts, ref hasMath));
            body.Append("</section>\n");
        }

        var page = new StringBuilder();
        page.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
            .Append(HtmlText.Encode(Path.GetFileNameWithoutExtension(notebook.DisplayName))).Append("</title>\n<style>").Append(Style).Append(EmojiGlyphs.Style).Append("</style>\n");
        if (charts.Count > 0)
        {
            page.Append(plotly == PlotlyMode.Inline
                ? $"<script>{PlotlyScript.Source}</script>\n"
                : $"<script src=\"https://cdn.plot.ly/plotly-{PlotlyScript.Version}.min.js\"></script>\n");
            page.Append(RequireShim);
        }
        if (hasMath)
        {
            page.Append($"<!-- KaTeX {Katex.Version} (https://katex.org), MIT License, Copyright (c) 2013-2020 Khan Academy and other contributors -->\n")
                .Append("<style>").Append(Katex.Style).Append('\n').Append(MathStyle).Append("</style>\n<script>").Append(Katex.Script).Append("</script>\n");
        }
        page.Append("</head>\n<body>\n<main>\n").Append(EmojiGlyphs.Draw(body.ToString())).Append("</main>\n<script>\n");
        if (hasMath) page.Append(Katex.TypesetScript);
        page.Append(DrawCharts(charts)).Append("</script>\n</body>\n</html>\n");
        return page.ToString();
    }

    private static string RenderMarkdown(string markdown, ref bool hasMath)
    {
        var document = Markdig.Markdown.Parse(markdown, Markdown);
        hasMath |= document.Descendants<MathInline>().Any() || document.Descendants<MathBlock>().Any();
        return document.ToHtml(Markdown);
    }

    private static string RenderOutput(CellOutput output, List<(string, JsonNode?)> charts, ref bool hasMath)
    {
        switch (output)
        {
            case StreamOutput stream:
                return $"<pre class=\"output {stream.Name}\">{HtmlText.Encode(stream.Text)}</pre>";
            case ErrorOutput error:
                var text = error.Name.Contains('.') ? $"{error.Name}: {error.Value}" : error.Value;
                var trace = error.Traceback.Where(t => t != error.Value && !t.StartsWith(error.Name + ":", StringComparison.Ordinal));
                return $"<pre class=\"output error\">{HtmlText.Encode(string.Join("\n", [text, .. trace]))}</pre>";
            case DisplayOutput display when display.Data.TryGetValue(PlotlyScript.MimeType, out var figure) && figure is not null:
                var id = $"chart-{charts.Count + 1}";
                charts.Add((id, figure));
                return $"<div class=\"output chart\" id=\"{id}\"></div>";
            case DisplayOutput display when display.Html is { } html && html.Contains("Plotly.newPlot", StringComparison.Ordinal):
                charts.Add(($"chart-{charts.Count + 1}", null));
                return $"<div class=\"output html chart\">{html}</div>";
            case DisplayOutput display when display.Html is { } html:
                return $"<div class=\"output html\">{html}</div>";
            case DisplayOutput display when display.Text("image/svg+xml") is { } svg:
                return $"<div class=\"output html\">{svg}</div>";
            case DisplayOutput display when display.Text("image/png") is { } png:
                return $"<div class=\"output\"><img src=\"data:image/png;base64,{png.Trim()}\"></div>";
            case DisplayOutput display when display.Text("text/markdown") is { } markdown:
                return $"<div class=\"output markdown\">{RenderMarkdown(markdown, ref hasMath)}</div>";
            case DisplayOutput display:
                return $"<pre class=\"output\">{HtmlText.Encode(display.PlainText ?? "")}</pre>";
            default:
                return "";
        }
    }

    private static string DrawCharts(List<(string Id, JsonNode? Figure)> charts)
    {
        if (charts.Count == 0) return "document.body.dataset.chartsDrawn = '0';\n";
        var script = new StringBuilder("var charts = [\n");
        foreach (var (id, figure) in charts.Where(c => c.Figure is not null))
            script.Append("  {id: '").Append(id).Append("', figure: ").Append(figure!.ToJsonString().Replace("</", "<\\/", StringComparison.Ordinal)).Append("},\n");
        script.Append("""
            ];
            Promise.all(charts.map(function (c) {
              return Plotly.newPlot(c.id, c.figure.data, c.figure.layout || {}, {responsive: true});
            })).then(function () {
              setTimeout(function () { document.body.dataset.chartsDrawn = String(document.querySelectorAll('.js-plotly-plot').length); });
            });

            """);
        return script.ToString();
    }

    // .NET Interactive's Plotly formatter loads plotly.js with require.js from a CDN; the page already carries plotly.js,
    // so its require(['plotly'], draw) is answered with that copy and the kernel's own script draws the chart offline.
    private const string RequireShim = """
        <script>
        window.requirejs = window.requirejs || Object.assign(function (deps, callback) { callback(window.Plotly); },
          { config: function () { return window.requirejs; } });
        </script>

        """;

    private const string Style = """
        body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif; margin: 0; background: #f3f4f6; color: #1f2328; line-height: 1.6; }
        main { max-width: 960px; margin: 0 auto; padding: 1rem 2.5rem 3rem; background: #fff; box-shadow: 0 0 12px rgba(0,0,0,.06); }
        section { margin: 1rem 0; }
        h1, h2, h3 { line-height: 1.25; margin: 1.6em 0 .6em; } h1 { font-size: 2rem; } h2 { font-size: 1.5rem; border-bottom: 1px solid #e5e7eb; padding-bottom: .2em; }
        a { color: #0b5cad; }
        code, pre { font-family: ui-monospace, "Cascadia Code", "JetBrains Mono", Consolas, "DejaVu Sans Mono", monospace; font-size: .875rem; }
        :not(pre) > code { background: #eff1f5; border-radius: 4px; padding: .1em .35em; }
        blockquote { margin: 1rem 0; padding: .25rem 1rem; border-left: 4px solid #d0d7de; color: #57606a; background: #f8f9fb; }
        section.code { position: relative; padding-left: 4rem; }
        .prompt { position: absolute; left: 0; top: .55rem; width: 3.5rem; text-align: right; color: #8c959f; font-family: ui-monospace, monospace; font-size: .8rem; }
        pre { overflow-x: auto; padding: .6rem .8rem; margin: .25rem 0; line-height: 1.45; border-radius: 4px; }
        pre.source { background: #f6f8fa; border: 1px solid #e1e4e8; border-left: 3px solid #6a6ad0; }
        pre.output { background: #fff; border-left: 3px solid #d0d7de; border-radius: 0; }
        pre.stderr { background: #fff8e6; border-left-color: #d4a72c; }
        pre.error { background: #fdecec; border-left-color: #d33; color: #8b0000; }
        div.output { margin: .25rem 0; padding: .25rem 0 .25rem .8rem; border-left: 3px solid #d0d7de; overflow-x: auto; }
        .chart { min-height: 420px; }
        table { border-collapse: collapse; margin: .75rem 0; font-size: .9rem; }
        th, td { border: 1px solid #d0d7de; padding: 4px 10px; }
        th { background: #f3f4f6; font-weight: 600; }
        tbody tr:nth-child(even) { background: #fafbfc; }
        .output td { text-align: right; font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-variant-numeric: tabular-nums; }
        .output table:has(th) td, section.markdown td, .output.markdown td { text-align: left; }
        """;

    private const string MathStyle = """
        .katex { font-size: 1.1em; }
        .katex-display { overflow-x: auto; overflow-y: hidden; padding: .2em 0; }
        """;
}
