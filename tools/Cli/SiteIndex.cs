using System.Globalization;
using System.Net;
using System.Text;
using Course.NotebookEngine.Format;
using Course.NotebookEngine.Rendering;
using Course.NotebookEngine.Running;

namespace Course.Cli;

/// <summary>
/// The index.html of a folder of rendered notebooks: one line per notebook run with its outcome (a failure links to its
/// cell on the page), then the linked notebooks shown without running (the exercises, for the course's lessons).
/// </summary>
internal static class SiteIndex
{
    public sealed record Entry(string PageHref, string Title, bool Succeeded, string? Failure, string? FailureHref, TimeSpan Duration);

    public sealed record Shown(string PageHref, string Title, string Source);

    public static Entry Describe(RunResult result, Notebook notebook, string pageHref) =>
        new(pageHref, HtmlPage.TitleOf(notebook), result.Succeeded, result.FailureSummary,
            result.FirstFailure is { } failure ? $"{pageHref}#{HtmlPage.CellAnchor(failure.Number)}" : null, result.Duration);

    public static string Render(string heading, IReadOnlyList<Entry> entries, IReadOnlyList<Shown> shown)
    {
        var rows = new StringBuilder();
        foreach (var entry in entries)
        {
            var seconds = entry.Duration.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);
            var status = entry.Succeeded
                ? "✅ ran"
                : $"❌ <a href=\"{WebUtility.HtmlEncode(entry.FailureHref ?? entry.PageHref)}\">{WebUtility.HtmlEncode(entry.Failure ?? "failed")}</a>";
            rows.Append("<li><a href=\"").Append(WebUtility.HtmlEncode(entry.PageHref)).Append("\">")
                .Append(WebUtility.HtmlEncode(entry.Title)).Append("</a> <span class=\"status\">")
                .Append(status).Append(" in ").Append(seconds).Append(" s</span></li>\n");
        }
        var linked = new StringBuilder();
        if (shown.Count > 0)
        {
            linked.Append("<h2>Linked from these pages</h2>\n<p>Shown as stored, not run: open each in VS Code to work on it.</p>\n<ul>\n");
            foreach (var page in shown)
                linked.Append("<li><a href=\"").Append(WebUtility.HtmlEncode(page.PageHref)).Append("\">").Append(WebUtility.HtmlEncode(page.Title))
                    .Append("</a> <span class=\"status\">").Append(WebUtility.HtmlEncode(page.Source)).Append("</span></li>\n");
            linked.Append("</ul>\n");
        }
        return EmojiGlyphs.Draw($$"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{{WebUtility.HtmlEncode(heading)}}</title>
            <style>
            body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; max-width: 46rem; margin: 3rem auto; padding: 0 1rem; color: #1f2933; }
            h1 { font-weight: 600; } h2 { font-weight: 600; font-size: 1.3rem; margin-top: 2.5rem; }
            li { margin: .6rem 0; font-size: 1.1rem; }
            a { color: #1f5fbf; text-decoration: none; } a:hover { text-decoration: underline; }
            .status { color: #52606d; font-size: .9rem; margin-left: .5rem; } .status a { color: #b42318; }
            p.numbering { color: #52606d; font-size: .9rem; }
            {{EmojiGlyphs.Style}}</style>
            </head>
            <body>
            <h1>{{WebUtility.HtmlEncode(heading)}}</h1>
            <p>Each page was produced by executing the notebook headless; charts are live and need no network.</p>
            <ol>
            {{rows}}</ol>
            {{linked}}<p class="numbering">Cells are numbered as VS Code's status bar counts them (“Cell 5 of 21”: every cell,
            markdown included): a page shows [5] beside that cell, and the command's messages say “cell 5”.</p>
            </body>
            </html>

            """);
    }
}
