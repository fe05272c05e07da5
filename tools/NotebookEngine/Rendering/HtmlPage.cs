using System.Text;
using System.Text.Json.Nodes;
using Course.NotebookEngine.Format;
using Course.NotebookEngine.Outputs;
using Course.NotebookEngine.Rendering.Tex;
using Markdig;
using Markdig.Extensions.Mathematics;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Course.NotebookEngine.Rendering;

/// <summary>
/// A standalone page of a notebook: markdown rendered, LaTeX ($…$, $$…$$) typeset with an inlined KaTeX (only on
/// pages that have formulas), code with its [n], outputs, and live charts. With <see cref="PlotlyMode.Inline"/> the
/// page needs no network. When every chart is drawn the page sets document.body.dataset.chartsDrawn to their count,
/// and dataset.mathTypeset to the number of formulas once they are typeset (tests read both).
/// <para>
/// Cells are numbered by their position in the notebook, every cell counting from 1 (markdown included), as VS Code's
/// status bar counts them ("Cell 5 of 21") and as the engine's messages do ("cell 5, line 3"): a code cell shows
/// [5], a markdown cell a small 5, and every cell is the anchor #cell-5. Code lines carry their numbers, so
/// "line 3" can be found, and long lines wrap.
/// </para>
/// </summary>
public static class HtmlPage
{
    private static readonly MarkdownPipeline Markdown = new MarkdownPipelineBuilder().UseAdvancedExtensions().Use<TexMathExtension>().Build();

    /// <summary>Renders the notebook (executed or not) as one HTML document.</summary>
    public static string Render(Notebook notebook, PlotlyMode plotly = PlotlyMode.Inline) =>
        Render(notebook, new PageOptions { Plotly = plotly });

    /// <summary>Renders the notebook (executed or not) as one HTML document, a page of a site.</summary>
    public static string Render(Notebook notebook, PageOptions options)
    {
        var body = new StringBuilder();
        var charts = new List<(string Id, JsonNode? Figure)>(); // a null figure: the kernel's own chart script draws it
        var hasMath = false;
        var defaultKernel = notebook.DefaultKernelName;
        var total = notebook.Cells.Count;
        foreach (var cell in notebook.Cells)
        {
            var id = CellAnchor(cell.Number);
            var where = $"cell {cell.Number} of {total} (VS Code's status bar shows “Cell {cell.Number} of {total}” when it is selected)";
            var number = $"<a class=\"cell-number\" href=\"#{id}\" title=\"{where}\">{cell.Number}</a>";
            if (!cell.IsCode)
            {
                if (cell.CellType == "markdown")
                    body.Append($"<section class=\"markdown\" id=\"{id}\">").Append(number).Append(RenderMarkdown(cell.Source, options.Link, ref hasMath)).Append("</section>\n");
                else
                    body.Append($"<section class=\"raw\" id=\"{id}\">").Append(number).Append("<pre class=\"raw\">").Append(HtmlText.Encode(cell.Source)).Append("</pre></section>\n");
                continue;
            }
            var kernel = cell.KernelName(defaultKernel);
            var source = CellSource.WithoutSelector(cell.Source);
            if (kernel == KernelNames.Markdown)
            {
                body.Append($"<section class=\"markdown\" id=\"{id}\">").Append(number).Append(RenderMarkdown(source, options.Link, ref hasMath)).Append("</section>\n");
                continue;
            }
            var outputs = cell.StoredOutputs.Select(CellOutput.FromJson).ToList();
            body.Append($"<section class=\"code\" id=\"{id}\"><a class=\"prompt\" href=\"#{id}\" title=\"{where}\">[{cell.Number}]</a>")
                .Append("<pre class=\"source\"><code>").Append(RenderCode(source)).Append("</code></pre>");
            foreach (var output in outputs) body.Append(RenderOutput(output, charts, ref hasMath));
            body.Append("</section>\n");
        }

        var page = new StringBuilder();
        page.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
            .Append(HtmlText.Encode(TitleOf(notebook))).Append("</title>\n<style>").Append(Style).Append(EmojiGlyphs.Style).Append("</style>\n");
        if (charts.Count > 0)
        {
            page.Append(options.Plotly == PlotlyMode.Inline
                ? $"<script>{PlotlyScript.Source}</script>\n"
                : $"<script src=\"https://cdn.plot.ly/plotly-{PlotlyScript.Version}.min.js\"></script>\n");
            page.Append(RequireShim);
        }
        if (hasMath)
        {
            page.Append($"<!-- KaTeX {Katex.Version} (https://katex.org), MIT License, Copyright (c) 2013-2020 Khan Academy and other contributors -->\n")
                .Append("<style>").Append(Katex.Style).Append('\n').Append(MathStyle).Append("</style>\n<script>").Append(Katex.Script).Append("</script>\n");
        }
        page.Append("</head>\n<body>\n");
        var navigation = Navigation(options.Navigation);
        page.Append(navigation).Append("<main>\n");
        if (options.Note is { } note) page.Append("<aside class=\"note\">").Append(RenderMarkdown(note, null, ref hasMath)).Append("</aside>\n");
        page.Append(EmojiGlyphs.Draw(body.ToString())).Append("</main>\n").Append(navigation).Append("<script>\n");
        if (hasMath) page.Append(Katex.TypesetScript);
        page.Append(DrawCharts(charts)).Append("</script>\n</body>\n</html>\n");
        return page.ToString();
    }

    /// <summary>The anchor of a cell on its page: #cell-5 for the notebook's fifth cell.</summary>
    public static string CellAnchor(int cellNumber) => $"cell-{cellNumber.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    /// <summary>A notebook's title: its first "# " heading, else its file name without extension.</summary>
    public static string TitleOf(Notebook notebook)
    {
        foreach (var cell in notebook.Cells.Where(IsMarkdown(notebook.DefaultKernelName)))
        {
            var heading = CellSource.WithoutSelector(cell.Source).Split('\n').FirstOrDefault(line => line.StartsWith("# ", StringComparison.Ordinal));
            if (heading is not null) return heading[2..].Trim();
        }
        return Path.GetFileNameWithoutExtension(notebook.DisplayName);
    }

    /// <summary>The targets of the links and images in the notebook's markdown, as written, with the number of their cell.</summary>
    public static IReadOnlyList<(int CellNumber, string Target)> LinksOf(Notebook notebook) =>
        notebook.Cells.Where(IsMarkdown(notebook.DefaultKernelName))
            .SelectMany(cell => Markdig.Markdown.Parse(CellSource.WithoutSelector(cell.Source), Markdown).Descendants<LinkInline>()
                .Where(link => !string.IsNullOrEmpty(link.Url))
                .Select(link => (cell.Number, link.Url!)))
            .ToList();

    private static Func<NotebookCell, bool> IsMarkdown(string defaultKernel) =>
        cell => cell.CellType == "markdown" || (cell.IsCode && cell.KernelName(defaultKernel) == KernelNames.Markdown);

    private static string RenderMarkdown(string markdown, Func<string, string>? link, ref bool hasMath)
    {
        var document = Markdig.Markdown.Parse(markdown, Markdown);
        hasMath |= document.Descendants<MathInline>().Any() || document.Descendants<MathBlock>().Any();
        if (link is not null)
            foreach (var inline in document.Descendants<LinkInline>().Where(l => !string.IsNullOrEmpty(l.Url)))
                inline.Url = link(inline.Url!);
        return document.ToHtml(Markdown);
    }

    // One span per source line, so the page can number the lines ("line 3" of an error) and wrap long ones with a
    // hanging indent one step (4 characters) deeper than the line's own (--i). The newlines stay in the text, so
    // copying the code copies it as written.
    private static string RenderCode(string source)
    {
        var lines = source.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        if (lines.Length > 1 && lines[^1].Length == 0) lines = lines[..^1];
        var html = new StringBuilder();
        for (var i = 0; i < lines.Length; i++)
        {
            if (i > 0) html.Append('\n');
            var indent = 0;
            foreach (var c in lines[i])
            {
                if (c == ' ') indent++;
                else if (c == '\t') indent += 4;
                else break;
            }
            html.Append(indent > 0 ? $"<span class=\"line\" style=\"--i:{indent}\">" : "<span class=\"line\">")
                .Append(HtmlText.Encode(lines[i])).Append("</span>");
        }
        return html.ToString();
    }

    private static string Navigation(IReadOnlyList<PageLink> links)
    {
        if (links.Count == 0) return "";
        var html = new StringBuilder("<nav class=\"site\">");
        foreach (var link in links)
        {
            html.Append("<a href=\"").Append(HtmlText.Encode(link.Href)).Append('"');
            if (link.Rel is { } rel) html.Append(" rel=\"").Append(HtmlText.Encode(rel)).Append("\" class=\"").Append(HtmlText.Encode(rel)).Append('"');
            html.Append('>').Append(HtmlText.Encode(link.Text)).Append("</a>");
        }
        return html.Append("</nav>\n").ToString();
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
                return $"<div class=\"output markdown\">{RenderMarkdown(markdown, null, ref hasMath)}</div>";
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
              return fittedPlotly.newPlot(c.id, c.figure.data, c.figure.layout || {}, {});
            })).then(function () {
              setTimeout(function () { document.body.dataset.chartsDrawn = String(document.querySelectorAll('.js-plotly-plot').length); });
            });

            """);
        return script.ToString();
    }

    // A chart never gets wider than its column: the width it was made with becomes its largest width, and Plotly fills
    // the column up to it (again whenever the window changes). The toolbar sits in a strip of its own above the chart
    // (see .chart in the style), so it never covers a title or a legend.
    // .NET Interactive's Plotly formatter loads plotly.js with require.js from a CDN; the page already carries plotly.js,
    // so its require(['plotly'], draw) is answered with that copy (fitted as above) and the kernel's own script draws
    // the chart offline.
    private const string RequireShim = """
        <script>
        var fittedPlotly = Object.assign(Object.create(window.Plotly), {
          newPlot: function (target, data, layout, config) {
            var element = typeof target === 'string' ? document.getElementById(target) : target;
            layout = layout || {};
            if (typeof layout.width === 'number') { element.style.maxWidth = layout.width + 'px'; delete layout.width; }
            layout.autosize = true;
            return window.Plotly.newPlot(element, data, layout, Object.assign({}, config, { responsive: true, displaylogo: false }));
          }
        });
        window.requirejs = window.requirejs || Object.assign(function (deps, callback) { callback(fittedPlotly); },
          { config: function () { return window.requirejs; } });
        </script>

        """;

    private const string Style = """
        body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif; margin: 0; background: #f3f4f6; color: #1f2328; line-height: 1.6; }
        main { max-width: 960px; box-sizing: border-box; margin: 0 auto; padding: 1rem 2.5rem 3rem; background: #fff; box-shadow: 0 0 12px rgba(0,0,0,.06); }
        nav.site { max-width: 960px; box-sizing: border-box; margin: 0 auto; padding: .5rem 2.5rem; display: flex; flex-wrap: wrap; gap: .4rem 1.5rem; font-size: .9rem; }
        nav.site a { color: #0b5cad; text-decoration: none; } nav.site a:hover { text-decoration: underline; }
        nav.site a.next { margin-left: auto; }
        aside.note { margin: 1rem 0; padding: .5rem 1rem; border: 1px solid #d4a72c; border-radius: 6px; background: #fff8e6; }
        aside.note p { margin: .4rem 0; }
        section { margin: 1rem 0; position: relative; min-width: 0; }
        h1, h2, h3 { line-height: 1.25; margin: 1.6em 0 .6em; } h1 { font-size: 2rem; } h2 { font-size: 1.5rem; border-bottom: 1px solid #e5e7eb; padding-bottom: .2em; }
        a { color: #0b5cad; }
        code, pre { font-family: ui-monospace, "Cascadia Code", "JetBrains Mono", Consolas, "DejaVu Sans Mono", monospace; font-size: .875rem; }
        :not(pre) > code { background: #eff1f5; border-radius: 4px; padding: .1em .35em; }
        blockquote { margin: 1rem 0; padding: .25rem 1rem; border-left: 4px solid #d0d7de; color: #57606a; background: #f8f9fb; }
        section.code { padding-left: 4rem; }
        .prompt { position: absolute; left: 0; top: .55rem; width: 3.5rem; text-align: right; color: #8c959f; font-family: ui-monospace, monospace; font-size: .8rem; text-decoration: none; }
        .cell-number { position: absolute; left: -2.3rem; top: .1rem; width: 1.8rem; text-align: right; color: #c4c9d0; font-family: ui-monospace, monospace; font-size: .7rem; text-decoration: none; }
        a.prompt:hover, a.cell-number:hover { color: #0b5cad; }
        :target { scroll-margin-top: 1rem; } section:target > .prompt, section:target > .cell-number { color: #d33; font-weight: 600; }
        pre { overflow-x: auto; padding: .6rem .8rem; margin: .25rem 0; line-height: 1.45; border-radius: 4px; }
        pre.source { background: #f6f8fa; border: 1px solid #e1e4e8; border-left: 3px solid #6a6ad0; white-space: pre-wrap; overflow-wrap: anywhere; counter-reset: line; padding-left: 3.2em; }
        pre.source .line { display: inline-block; width: 100%; box-sizing: border-box; position: relative; vertical-align: top;
                           padding-left: calc((var(--i, 0) + 4) * 1ch); text-indent: calc((var(--i, 0) + 4) * -1ch); counter-increment: line; }
        pre.source .line::before { content: counter(line); position: absolute; left: -3.2em; width: 2.4em; text-indent: 0; text-align: right; color: #b1b8c0; user-select: none; }
        pre.output { background: #fff; border-left: 3px solid #d0d7de; border-radius: 0; }
        pre.stderr { background: #fff8e6; border-left-color: #d4a72c; }
        pre.error { background: #fdecec; border-left-color: #d33; color: #8b0000; white-space: pre-wrap; overflow-wrap: anywhere; }
        pre.raw { background: #fafafa; border: 1px dashed #d0d7de; }
        div.output { margin: .25rem 0; padding: .25rem 0 .25rem .8rem; border-left: 3px solid #d0d7de; overflow-x: auto; }
        div.output.chart { min-height: 420px; padding-top: 30px; overflow: visible; }
        .chart .modebar-container { top: -28px !important; }
        ::-webkit-scrollbar { height: 10px; } ::-webkit-scrollbar-thumb { background: #c4c9d0; border-radius: 5px; } ::-webkit-scrollbar-track { background: #f0f2f4; }
        table { border-collapse: collapse; margin: .75rem 0; font-size: .9rem; }
        th, td { border: 1px solid #d0d7de; padding: 4px 10px; }
        th { background: #f3f4f6; font-weight: 600; }
        tbody tr:nth-child(even) { background: #fafbfc; }
        .output td { text-align: right; font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-variant-numeric: tabular-nums; }
        .output table:has(th) td, section.markdown td, .output.markdown td { text-align: left; }
        @media (max-width: 640px) { main, nav.site { padding-left: 1rem; padding-right: 1rem; } section.code { padding-left: 0; } .prompt { position: static; display: block; width: auto; text-align: left; } .cell-number { display: none; } }
        """;

    private const string MathStyle = """
        .katex { font-size: 1.1em; }
        .katex-display { overflow-x: auto; overflow-y: hidden; padding: .2em 0; }
        """;
}
