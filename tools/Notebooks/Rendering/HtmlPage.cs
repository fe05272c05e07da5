using System.Text;
using System.Text.Json.Nodes;
using Course.Notebooks.Format;
using Course.Notebooks.Formatting;
using Course.Notebooks.Outputs;
using Markdig;

namespace Course.Notebooks.Rendering;

/// <summary>
/// A standalone page of a notebook: markdown rendered (LaTeX kept visible as \( … \)), code with its [n],
/// outputs, and live charts. With <see cref="PlotlyMode.Inline"/> the page needs no network. When every chart
/// is drawn the page sets document.body.dataset.chartsDrawn to their count (tests read it).
/// </summary>
public static class HtmlPage
{
    private static readonly MarkdownPipeline Markdown = new MarkdownPipelineBuilder().UseAdvancedExtensions().Build();

    /// <summary>Renders the notebook (executed or not) as one HTML document.</summary>
    public static string Render(Notebook notebook, PlotlyMode plotly = PlotlyMode.Inline)
    {
        var body = new StringBuilder();
        var charts = new List<(string Id, JsonNode Figure)>();
        var defaultKernel = notebook.DefaultKernelName;
        foreach (var cell in notebook.Cells)
        {
            if (!cell.IsCode)
            {
                if (cell.CellType == "markdown") body.Append("<section class=\"markdown\">").Append(Markdig.Markdown.ToHtml(cell.Source, Markdown)).Append("</section>\n");
                continue;
            }
            var kernel = cell.KernelName(defaultKernel);
            var source = CellSource.WithoutSelector(cell.Source);
            if (kernel == KernelNames.Markdown)
            {
                body.Append("<section class=\"markdown\">").Append(Markdig.Markdown.ToHtml(source, Markdown)).Append("</section>\n");
                continue;
            }
            var outputs = cell.StoredOutputs.Select(CellOutput.FromJson).ToList();
            var count = cell.ExecutionCount?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? " ";
            body.Append("<section class=\"code\"><div class=\"prompt\">[").Append(count).Append("]</div>")
                .Append("<pre class=\"source\"><code>").Append(HtmlText.Encode(source)).Append("</code></pre>");
            foreach (var output in outputs) body.Append(RenderOutput(output, charts));
            body.Append("</section>\n");
        }

        var page = new StringBuilder();
        page.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
            .Append(HtmlText.Encode(Path.GetFileNameWithoutExtension(notebook.DisplayName))).Append("</title>\n<style>").Append(Style).Append("</style>\n");
        if (charts.Count > 0)
        {
            page.Append(plotly == PlotlyMode.Inline
                ? $"<script>{PlotlyScript.Source}</script>\n"
                : $"<script src=\"https://cdn.plot.ly/plotly-{PlotlyScript.Version}.min.js\"></script>\n");
        }
        page.Append("</head>\n<body>\n<main>\n").Append(body).Append("</main>\n<script>\n").Append(DrawCharts(charts)).Append("</script>\n</body>\n</html>\n");
        return page.ToString();
    }

    private static string RenderOutput(CellOutput output, List<(string, JsonNode)> charts)
    {
        switch (output)
        {
            case StreamOutput stream:
                return $"<pre class=\"output {stream.Name}\">{HtmlText.Encode(stream.Text)}</pre>";
            case ErrorOutput error:
                var text = error.Name.Contains('.') ? $"{error.Name}: {error.Value}" : error.Value;
                var trace = error.Traceback.Where(t => t != error.Value && !t.StartsWith(error.Name + ":", StringComparison.Ordinal));
                return $"<pre class=\"output error\">{HtmlText.Encode(string.Join("\n", [text, .. trace]))}</pre>";
            case DisplayOutput display when display.Data.TryGetValue(PlotlyChartFormatter.PlotlyMimeType, out var figure) && figure is not null:
                var id = $"chart-{charts.Count + 1}";
                charts.Add((id, figure));
                return $"<div class=\"output chart\" id=\"{id}\"></div>";
            case DisplayOutput display when display.Html is { } html:
                return $"<div class=\"output html\">{html}</div>";
            case DisplayOutput display when display.Text("image/svg+xml") is { } svg:
                return $"<div class=\"output html\">{svg}</div>";
            case DisplayOutput display when display.Text("image/png") is { } png:
                return $"<div class=\"output\"><img src=\"data:image/png;base64,{png.Trim()}\"></div>";
            case DisplayOutput display when display.Text("text/markdown") is { } markdown:
                return $"<div class=\"output markdown\">{Markdig.Markdown.ToHtml(markdown, Markdown)}</div>";
            case DisplayOutput display:
                return $"<pre class=\"output\">{HtmlText.Encode(display.PlainText ?? "")}</pre>";
            default:
                return "";
        }
    }

    private static string DrawCharts(List<(string Id, JsonNode Figure)> charts)
    {
        if (charts.Count == 0) return "document.body.dataset.chartsDrawn = '0';\n";
        var script = new StringBuilder("var charts = [\n");
        foreach (var (id, figure) in charts)
            script.Append("  {id: '").Append(id).Append("', figure: ").Append(figure.ToJsonString().Replace("</", "<\\/", StringComparison.Ordinal)).Append("},\n");
        script.Append("""
            ];
            Promise.all(charts.map(function (c) {
              return Plotly.newPlot(c.id, c.figure.data, c.figure.layout || {}, {responsive: true});
            })).then(function () { document.body.dataset.chartsDrawn = String(charts.length); });

            """);
        return script.ToString();
    }

    private const string Style = """
        body { font-family: system-ui, sans-serif; margin: 0; background: #fafafa; color: #222; }
        main { max-width: 960px; margin: 0 auto; padding: 1rem 2rem; background: #fff; }
        section { margin: 1rem 0; }
        section.code { position: relative; padding-left: 4rem; }
        .prompt { position: absolute; left: 0; top: .5rem; width: 3.5rem; text-align: right; color: #888; font-family: monospace; }
        pre { overflow-x: auto; padding: .5rem; margin: .25rem 0; }
        pre.source { background: #f4f4f8; border-left: 3px solid #6a6ad0; }
        pre.output { background: #fff; border-left: 3px solid #ccc; }
        pre.stderr { background: #fff6e6; }
        pre.error { background: #fdecec; border-left-color: #d33; color: #900; }
        .chart { min-height: 420px; }
        table { border-collapse: collapse; } td, th { border: 1px solid #ddd; padding: 2px 6px; text-align: right; font-family: monospace; }
        """;
}
