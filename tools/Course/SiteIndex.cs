using System.Globalization;
using System.Net;
using System.Text;
using Course.Notebooks.Format;
using Course.Notebooks.Running;

namespace Course.Cli;

/// <summary>The index.html of a folder of rendered notebooks: one line per lesson with its outcome.</summary>
internal static class SiteIndex
{
    public sealed record Entry(string PageFile, string Title, bool Succeeded, string? Failure, TimeSpan Duration);

    public static Entry Describe(RunResult result, string pageFile) =>
        new(pageFile, TitleOf(result.Notebook), result.Succeeded, result.FailureSummary, result.Duration);

    public static string Render(string heading, IReadOnlyList<Entry> entries)
    {
        var rows = new StringBuilder();
        foreach (var entry in entries)
        {
            var seconds = entry.Duration.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);
            var status = entry.Succeeded ? "✅ ran" : $"❌ {WebUtility.HtmlEncode(entry.Failure ?? "failed")}";
            rows.Append("<li><a href=\"").Append(WebUtility.HtmlEncode(entry.PageFile)).Append("\">")
                .Append(WebUtility.HtmlEncode(entry.Title)).Append("</a> <span class=\"status\">")
                .Append(status).Append(" in ").Append(seconds).Append(" s</span></li>\n");
        }
        return $$"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>{{WebUtility.HtmlEncode(heading)}}</title>
            <style>
            body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; max-width: 46rem; margin: 3rem auto; padding: 0 1rem; color: #1f2933; }
            h1 { font-weight: 600; }
            li { margin: .6rem 0; font-size: 1.1rem; }
            a { color: #1f5fbf; text-decoration: none; } a:hover { text-decoration: underline; }
            .status { color: #52606d; font-size: .9rem; margin-left: .5rem; }
            </style>
            </head>
            <body>
            <h1>{{WebUtility.HtmlEncode(heading)}}</h1>
            <p>Each page was produced by executing the notebook headless; charts are live and need no network.</p>
            <ol>
            {{rows}}</ol>
            </body>
            </html>

            """;
    }

    // A lesson's title is its first markdown heading; the file name stands in when there is none.
    private static string TitleOf(Notebook? notebook)
    {
        if (notebook is null) return "notebook";
        foreach (var cell in notebook.Cells.Where(c => c.CellType == "markdown"))
        {
            var heading = cell.Source.Split('\n').FirstOrDefault(line => line.StartsWith("# ", StringComparison.Ordinal));
            if (heading is not null) return heading[2..].Trim();
        }
        return Path.GetFileNameWithoutExtension(notebook.DisplayName);
    }
}
