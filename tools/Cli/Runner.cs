using System.Globalization;
using Course.NotebookEngine.Format;
using Course.NotebookEngine.Rendering;
using Course.NotebookEngine.Running;

namespace Course.Cli;

/// <summary>
/// Runs <c>course run</c>: each notebook in its own worker, then writes the executed file and page. Cells are named
/// by their position in the notebook, every cell counting from 1 (as VS Code's status bar, "Cell 5 of 21", and the
/// page's [5] count them); the counts are of code cells.
/// </summary>
internal static class Runner
{
    public static Task<int> RunAsync(RunCommand command) =>
        RunAsync(command, (path, options) => NotebookRunner.RunAsync(path, options), Console.Out, Console.Error);

    /// <summary>
    /// Runs the command with <paramref name="run"/> executing each notebook, writing messages to <paramref name="console"/>
    /// and the cells' notices (about this machine, not the notebook; see <see cref="CellResult.Notices"/>) to
    /// <paramref name="errors"/> (stderr; <paramref name="console"/> when not given).
    /// </summary>
    internal static async Task<int> RunAsync(RunCommand command, Func<string, RunOptions, Task<RunResult>> run, TextWriter console, TextWriter? errors = null)
    {
        errors ??= console;
        var isFolder = Directory.Exists(command.Target);
        if (!isFolder && !File.Exists(command.Target)) throw new UsageException($"{command.Target} is neither a notebook nor a folder");
        var notebooks = isFolder
            ? Directory.GetFiles(command.Target, "*.ipynb").Order(StringComparer.Ordinal).ToList()
            : [command.Target];
        if (notebooks.Count == 0) await console.WriteLineAsync($"{command.Target}: no notebooks");
        var options = new RunOptions { CellTimeout = command.Timeout };
        var baseFolder = isFolder ? Path.GetFullPath(command.Target) : Path.GetDirectoryName(Path.GetFullPath(command.Target))!;
        var plan = command.Html is null ? null : SitePlan.Create(notebooks, command.Html, isFolder, baseFolder);
        var failed = 0;
        var entries = new List<SiteIndex.Entry>();
        foreach (var path in notebooks)
        {
            RunResult result;
            try
            {
                result = await run(path, options);
            }
            catch (NotebookFormatException e)
            {
                await console.WriteLineAsync($"notebook {Path.GetFileName(path)}: {e.Message}");
                failed++;
                continue;
            }
            foreach (var note in Notes(Path.GetFileName(path), result)) await errors.WriteLineAsync(note);
            await console.WriteLineAsync(Outcome(result));
            if (!result.Succeeded) failed++;
            if (command.Out is not null) result.Notebook!.Save(Destination(command.Out, path, isFolder, ".ipynb"));
            if (plan?.PageOf(path) is { } page && result.Notebook is { } executed)
            {
                await WritePageAsync(plan, path, page, executed, command.Plotly, note: null, console);
                entries.Add(SiteIndex.Describe(result, executed, SitePlan.RelativeHref(IndexFolder(plan, page), page)));
            }
        }
        if (plan is not null)
        {
            var shown = new List<SiteIndex.Shown>();
            foreach (var path in plan.Shown)
            {
                var page = plan.PageOf(path)!;
                var notebook = plan.NotebookOf(path)!;
                var source = SitePlan.RelativeHref(Path.GetDirectoryName(page)!, path);
                var note = $"Shown as stored, not run: this page was made from [{Shown(path)}]({source}) without running it. " +
                           "Open that notebook in VS Code to run its cells.";
                await WritePageAsync(plan, path, page, notebook, command.Plotly, note, console);
                shown.Add(new SiteIndex.Shown(SitePlan.RelativeHref(IndexFolder(plan, page), page), HtmlPage.TitleOf(notebook), Shown(path)));
            }
            if (shown.Count > 0)
                await console.WriteLineAsync($"linked notebooks shown without running: {string.Join(", ", plan.Shown.Select(Shown))}");
            if (plan.Index is { } index && entries.Count + shown.Count > 0)
            {
                var heading = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(command.Target)));
                await File.WriteAllTextAsync(index, SiteIndex.Render($"Backprop from Scratch in C# — {heading}", entries, shown));
                await console.WriteLineAsync($"pages written to {command.Html}; open {Path.Combine(command.Html!, "index.html")}");
            }
        }
        return failed == 0 ? 0 : 1;
    }

    /// <summary>
    /// The line that closes a notebook's run: "all 9 code cells succeeded (21 cells in all)", or, after the failure's own
    /// line ("notebook X, cell 12, line 3: …"), "stopped at cell 12 of 21 — 5 code cells before it succeeded, 3 after it did not run".
    /// </summary>
    internal static string Outcome(RunResult result)
    {
        var seconds = result.Duration.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);
        var total = result.Notebook?.Cells.Count ?? result.Cells.Count;
        if (result.FirstFailure is not { } failure)
            return $"notebook {result.Name}: all {CodeCells(result.Cells.Count)} succeeded ({Count(total, "cell")} in all) in {seconds} s";
        var before = result.Cells.Count(c => c.Number < failure.Number && c.Succeeded);
        var notRun = result.Cells.Count(c => c.Status == CellStatus.NotRun);
        return $"{result.FailureSummary}\nnotebook {result.Name}: stopped at cell {failure.Number} of {total} — " +
               $"{CodeCells(before)} before it succeeded, {notRun} after it did not run — in {seconds} s";
    }

    /// <summary>
    /// The notices of a notebook's cells as "note: 06-training.ipynb cell 2: Plotly.NET.Interactive 5.0.0 is not on this
    /// machine's NuGet source; 6.0.0 was used instead", each text once (at the first cell that said it).
    /// </summary>
    internal static IEnumerable<string> Notes(string notebook, RunResult result)
    {
        var said = new HashSet<string>(StringComparer.Ordinal);
        foreach (var cell in result.Cells)
            foreach (var notice in cell.Notices)
                if (said.Add(notice)) yield return $"note: {notebook} cell {cell.Number}: {notice}";
    }

    private static async Task WritePageAsync(SitePlan plan, string notebookPath, string page, Notebook notebook, PlotlyMode plotly, string? note, TextWriter console)
    {
        foreach (var (cell, target) in HtmlPage.LinksOf(notebook))
            if (plan.Href(notebookPath, page, target) is null)
                await console.WriteLineAsync($"warning: notebook {Path.GetFileName(notebookPath)}, cell {cell}: the link '{target}' leads to nothing that exists; the page keeps it as written");
        var options = new PageOptions
        {
            Plotly = plotly,
            Link = target => plan.Href(notebookPath, page, target) ?? target,
            Navigation = Navigation(plan, notebookPath, page),
            Note = note,
        };
        Directory.CreateDirectory(Path.GetDirectoryName(page)!);
        await File.WriteAllTextAsync(page, HtmlPage.Render(notebook, options));
    }

    // Back to the index (a folder run), and to the previous and next notebook of the run; a shown notebook links back to
    // the page that links to it.
    private static List<PageLink> Navigation(SitePlan plan, string notebookPath, string page)
    {
        var folder = Path.GetDirectoryName(page)!;
        var links = new List<PageLink>();
        if (plan.Index is { } index) links.Add(new PageLink("↑ Course index", SitePlan.RelativeHref(folder, index), "index"));
        var full = Path.GetFullPath(notebookPath);
        var at = plan.Run.IndexOf(full);
        if (at >= 0 && plan.Index is not null)
        {
            if (at > 0) links.Add(Link(plan, plan.Run[at - 1], folder, "← ", "", "prev"));
            if (at < plan.Run.Count - 1) links.Add(Link(plan, plan.Run[at + 1], folder, "", " →", "next"));
        }
        else if (plan.LinkedFrom(full) is { } from)
        {
            links.Add(Link(plan, from, folder, "← back to ", "", "prev"));
        }
        return links;
    }

    private static PageLink Link(SitePlan plan, string notebook, string folder, string before, string after, string rel) =>
        new(before + HtmlPage.TitleOf(plan.NotebookOf(notebook)!) + after, SitePlan.RelativeHref(folder, plan.PageOf(notebook)!), rel);

    private static string IndexFolder(SitePlan plan, string page) => Path.GetDirectoryName(plan.Index ?? page)!;

    // A notebook as the learner names it: relative to the current folder (the repository root, in the README).
    private static string Shown(string path)
    {
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, path);
        return (relative.StartsWith("..", StringComparison.Ordinal) ? path : relative).Replace('\\', '/');
    }

    private static string CodeCells(int n) => Count(n, "code cell");

    private static string Count(int n, string noun) => $"{n.ToString(CultureInfo.InvariantCulture)} {noun}{(n == 1 ? "" : "s")}";

    // With a folder of notebooks, --out and --html name folders that receive one file per notebook.
    private static string Destination(string option, string notebook, bool targetIsFolder, string extension)
    {
        if (!targetIsFolder && !Directory.Exists(option))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(option))!);
            return option;
        }
        Directory.CreateDirectory(option);
        return Path.Combine(option, Path.GetFileNameWithoutExtension(notebook) + extension);
    }
}
