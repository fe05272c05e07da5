using System.Reflection;
using System.Text.Json.Nodes;

namespace Course.Notebooks.Formatting;

/// <summary>
/// Formats a Plotly.NET GenericChart, found by type name so the engine does not reference Plotly.NET.
/// The output carries the figure as application/vnd.plotly.v1+json (the page renderer draws it with
/// plotly.js inlined), text/html that loads plotly.js from its CDN (for VS Code and Jupyter viewers of the
/// executed file), and a text/plain line.
/// </summary>
internal static class PlotlyChartFormatter
{
    public const string PlotlyMimeType = "application/vnd.plotly.v1+json";

    public static bool IsChart(object value)
    {
        for (var t = value.GetType(); t is not null; t = t.BaseType)
            if (t.FullName == "Plotly.NET.GenericChart") return true;
        return false;
    }

    public static Dictionary<string, JsonNode?> Format(object chart)
    {
        var assembly = ChartType(chart).Assembly;
        // Plotly.NET 6 compiles the GenericChart module's functions as static members of the type itself.
        var toFigureJson = new[] { ChartType(chart) }.Concat(assembly.GetTypes())
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static))
            .FirstOrDefault(m => m.Name == "toFigureJson" && m.GetParameters() is [var p] && p.ParameterType.IsInstanceOfType(chart))
            ?? throw new InvalidOperationException($"{assembly.GetName().Name} {assembly.GetName().Version} has no GenericChart.toFigureJson; the engine cannot draw this chart");
        var figure = JsonNode.Parse((string)toFigureJson.Invoke(null, [chart])!)!.AsObject();
        var version = PlotlyJsVersion(assembly);
        var traces = (figure["data"] as JsonArray)?.Count ?? 0;
        return new()
        {
            [PlotlyMimeType] = figure,
            ["text/html"] = CdnHtml(figure, version),
            ["text/plain"] = $"Plotly chart ({traces} trace{(traces == 1 ? "" : "s")})",
        };
    }

    /// <summary>The plotly.js version embedded in Plotly.NET (its resource "Plotly.NET.plotly-X.Y.Z.min.js").</summary>
    public static string PlotlyJsVersion(Assembly plotlyNet) =>
        plotlyNet.GetManifestResourceNames()
            .Select(n => System.Text.RegularExpressions.Regex.Match(n, @"plotly-(\d+\.\d+\.\d+)\.min\.js$"))
            .FirstOrDefault(m => m.Success)?.Groups[1].Value ?? "2.28.0";

    private static Type ChartType(object chart)
    {
        var t = chart.GetType();
        while (t.FullName != "Plotly.NET.GenericChart") t = t.BaseType!;
        return t;
    }

    private static string CdnHtml(JsonObject figure, string version)
    {
        var id = "plotly-" + Guid.NewGuid().ToString("N");
        return $$"""
            <div id="{{id}}"></div>
            <script type="text/javascript">
            (function () {
              var figure = {{figure.ToJsonString()}};
              function draw() { Plotly.newPlot('{{id}}', figure.data, figure.layout || {}, {responsive: true}); }
              if (typeof Plotly !== 'undefined') { draw(); return; }
              var script = document.createElement('script');
              script.src = 'https://cdn.plot.ly/plotly-{{version}}.min.js';
              script.onload = draw;
              document.head.appendChild(script);
            })();
            </script>
            """;
    }
}
